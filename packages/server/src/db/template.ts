import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrate, migrationsFingerprint } from './migrate';
import { extensions, type Engine } from './engine';
import { templateDir } from '../platform/paths';

/**
 * A migrated PGlite database saved as a tarball, so a first start or a test file loads it in about a
 * second instead of running initdb (~6 s). Rebuilt whenever the migrations change.
 */
export async function loadTemplate(): Promise<Blob> {
  const file = path.join(templateDir, `pglite-${migrationsFingerprint()}.tar.gz`);
  if (!fs.existsSync(file)) await buildTemplate(file);
  return new Blob([fs.readFileSync(file)]);
}

async function buildTemplate(file: string): Promise<void> {
  const pglite = await PGlite.create('memory://', { extensions });
  const engine: Engine = {
    kind: 'pglite',
    pool: {
      query: (text: string) => pglite.query(text),
    } as unknown as Engine['pool'],
    execScript: async (sql) => {
      await pglite.exec(sql);
    },
    close: () => pglite.close(),
  };
  await migrate(engine);
  const dump = await pglite.dumpDataDir('gzip');
  await pglite.close();
  fs.mkdirSync(templateDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file); // atomic: a parallel builder never sees half a file
}
