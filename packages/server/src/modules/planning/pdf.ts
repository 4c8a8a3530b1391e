import { levelLabels, type LevelOfCare } from '@waypoint/clinical/care/levels';
import type { PlanContent } from './content';

export interface PlanPdfInput {
  organization: string;
  facility: string;
  timeZone: string;
  patient: { name: string; mrn: string; birthDate: string };
  version: {
    number: number;
    status: string;
    content: PlanContent;
    changeReason: string | null;
    patientSignature: { name: string; at: Date } | null;
    clinicianSignature: { name: string; at: Date } | null;
    signedAt: Date | null;
    reviewDueOn: string | null;
  };
  levelOfCare: string;
  printedAt: Date;
  printedBy: string;
}

const modalityLabels: Record<string, string> = {
  individual: 'Individual therapy',
  group: 'Group therapy',
  family: 'Family therapy',
  medication: 'Medication',
  'case-management': 'Case management',
  'peer-support': 'Peer support',
  education: 'Education',
  other: 'Other',
};

/** The signed plan on paper: built with pdfkit (text, not a screenshot), built-in Helvetica. */
export async function renderPlanPdf(input: PlanPdfInput): Promise<Buffer> {
  // Loaded on the first PDF, not at start: pdfkit and its font tables are a tenth of start-up.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 54, bottom: 64, left: 54, right: 54 },
    bufferPages: true,
    info: { Title: `Treatment plan — ${input.patient.name}`, Author: input.organization, Subject: `Version ${input.version.number}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const fmt = (d: Date) =>
    `${new Intl.DateTimeFormat('en-US', { timeZone: input.timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(d)}`;
  const width = doc.page.width - 108;
  const v = input.version;
  const c = v.content;

  doc.font('Helvetica-Bold').fontSize(18).text('Treatment plan', { continued: false });
  doc.font('Helvetica').fontSize(10).fillColor('#444').text(`${input.organization} · ${input.facility}`);
  doc.moveDown(0.6).fillColor('#000');
  const facts: [string, string][] = [
    ['Patient', input.patient.name],
    ['MRN', input.patient.mrn],
    ['Date of birth', input.patient.birthDate],
    ['Level of care', levelLabels[input.levelOfCare as LevelOfCare] ?? input.levelOfCare],
    ['Version', `${v.number}${v.status === 'signed' ? '' : ' (DRAFT — not signed)'}`],
    ['Next review due', v.reviewDueOn ?? '—'],
  ];
  for (const [k, val] of facts) {
    doc.font('Helvetica-Bold').fontSize(10).text(`${k}: `, { continued: true }).font('Helvetica').text(val);
  }
  if (v.changeReason) doc.font('Helvetica-Oblique').text(`Reason for this version: ${v.changeReason}`);
  doc.moveDown(0.8);
  doc
    .moveTo(54, doc.y)
    .lineTo(54 + width, doc.y)
    .strokeColor('#999')
    .stroke();
  doc.moveDown(0.6);

  c.problems.forEach((p, pi) => {
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .fillColor('#000')
      .text(`Problem ${pi + 1}. ${p.statement}`);
    const goals = c.goals.filter((g) => g.problemId === p.id);
    goals.forEach((g, gi) => {
      doc
        .moveDown(0.3)
        .font('Helvetica-Bold')
        .fontSize(11)
        .text(`Goal ${pi + 1}.${gi + 1} (in the patient's words)`, { indent: 12 });
      doc.font('Helvetica-Oblique').fontSize(11).text(`“${g.patientWords}”`, { indent: 24 });
      c.objectives
        .filter((o) => o.goalId === g.id)
        .forEach((o, oi) => {
          doc
            .moveDown(0.2)
            .font('Helvetica-Bold')
            .fontSize(10)
            .text(`Objective ${pi + 1}.${gi + 1}.${oi + 1}: `, { indent: 24, continued: true })
            .font('Helvetica')
            .text(`${o.text} — measured by ${o.measure}; target ${o.targetDate}`);
          c.interventions
            .filter((x) => x.objectiveId === o.id)
            .forEach((x) => {
              doc
                .font('Helvetica')
                .fontSize(10)
                .text(`• ${x.text} (${modalityLabels[x.modality] ?? x.modality}, ${x.frequency}; responsible: ${x.responsibleName})`, { indent: 36 });
            });
        });
    });
    doc.moveDown(0.7);
  });

  doc.moveDown(0.5);
  if (doc.y > doc.page.height - 200) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(12).text('Signatures');
  doc.moveDown(0.3);
  const sig = (who: string, s: { name: string; at: Date } | null) =>
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(`${who}: ${s ? `${s.name} (typed signature), ${fmt(s.at)}` : 'not signed'}`);
  sig('Patient', v.patientSignature);
  sig('Clinician', v.clinicianSignature);

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#555')
      .text(
        `${input.patient.name} · MRN ${input.patient.mrn} · plan version ${v.number} · printed ${fmt(input.printedAt)} by ${input.printedBy} · page ${i + 1} of ${pages.count}`,
        54,
        doc.page.height - 48,
        { width, align: 'center' },
      )
      .text('Confidential: protected by 42 CFR Part 2. Federal law prohibits redisclosure without the patient’s written consent.', 54, doc.page.height - 36, {
        width,
        align: 'center',
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
