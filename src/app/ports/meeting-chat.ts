// The Teams chat of a booked resolution meeting: CP Disputes adds itself there (and its meeting tab
// for the dispute), so the chair finds the timeline and the record-the-meeting form in the meeting's
// side panel without setting anything up. Only Graph can do this (a Teams meeting); iCalendar
// invitations have no chat.

export interface MeetingChatRequest {
  /** The Teams meeting's join link, as the calendar booked it. */
  joinUrl: string;
  disputeId: string;
  /** The dispute's reference (CPD-7K3QX2): the tab's name. Everyone in the chat sees it, so nothing more. */
  reference: string;
}

export interface MeetingChatResult {
  /** The meeting chat's thread id (19:meeting_…@thread.v2). */
  chatId: string;
  /** The app was added now (false: it was there already). */
  installed: boolean;
  /** The meeting tab was added now (false: it was there already). */
  tabAdded: boolean;
}

export interface MeetingChatApps {
  /** Adds the app, then its tab for the dispute, to the meeting's chat. Throws when it cannot. */
  addToMeetingChat(request: MeetingChatRequest): Promise<MeetingChatResult>;
}
