/** The take-home criteria (42 CFR 8.12(i)) in the clinic's words. */
export const criterionLabels: Record<string, string> = {
  no_active_use_or_unsafe_conditions: 'No active substance use or condition that raises overdose risk',
  regular_attendance: 'Regular attendance for observed dosing',
  no_serious_behavioral_problems: 'No serious behavioural problems',
  no_recent_diversion: 'No known recent diversion',
  safe_transport_and_storage: 'Take-homes can be carried and stored safely',
  other_relevant_criteria_considered: 'Other relevant criteria considered',
};
