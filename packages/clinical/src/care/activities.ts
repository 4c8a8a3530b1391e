/** What a program day is made of (the structured day: PRODUCT.md), shared by the server's schemas and the web's forms. */
export const activityKinds = [
  'wake_up',
  'meal',
  'group',
  'individual',
  'exercise',
  'outing',
  'yoga',
  'art',
  'music',
  'meditation',
  'life_skills',
  'nutrition',
  'free_time',
  'medication',
  'quiet_time',
  'other',
] as const;
