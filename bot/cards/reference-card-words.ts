// The words of the reference card (what "Find dispute" and a pasted dispute link put into a chat),
// kept in one object so that they can be wired into the council-editable wording later.
export const referenceCardWords = {
  /** Above the reference: whose card this is. */
  appName: 'CP Disputes',
  /** Under the reference, for everyone who is not on the dispute. */
  onlyReference: 'Only the people on this dispute see its details here.',
  openLink: 'Open in CP Disputes',
  refresh: 'Refresh',
  /** The whole card for a link to a dispute the person pasting it may not read, or that does not exist. */
  linkOnly: 'CP Disputes link',
  /** The answer to an empty search or one that is not yet a reference or initials and a case number. */
  searchHint: "Type a dispute reference (CPD-7K3QX2), or the child's initials and case number (NB 104233).",
  /** The search found nothing this person may read (or nothing at all: the two are not told apart). */
  nothingFound: 'No dispute you can see matches that.',
  /** The preview's text: the stage and the dispute's status. */
  statusOf: (status: 'open' | 'resolved' | 'withdrawn') =>
    ({ open: 'Open', resolved: 'Resolved', withdrawn: 'Withdrawn' })[status],
  noOpenStage: 'No open stage',
} as const;
