// A Gloucestershire dispute raised by the demo council's chair about sw-ben's case.
export const raiseBody = {
  protocolId: 'gloucestershire',
  child: { name: "Amelia-Rose O'Neill", dateOfBirth: '2019-04-02', caseNumber: 'NB-104233' },
  conferenceDate: '2026-10-12',
  socialWorkerId: 'sw-ben',
  theme: 'statutory-requirements',
  concern: 'Statutory visits have not taken place since the review conference.',
  actionsRequired: 'Visit within 2 working days and see the child alone; record it.',
  immediateRisk: false,
};
