// CP Disputes in the chat of the Teams meeting it booked (issue 16 item 5), through Microsoft Graph
// with application permissions, in three steps:
//
// 1. The meeting's chat. A calendar event's Teams link names the meeting, not its chat, so the
//    online meeting is looked up by its join link on the organiser's account ("Get onlineMeeting",
//    https://learn.microsoft.com/en-us/graph/api/onlinemeeting-get?view=graph-rest-1.0, example
//    "Retrieve an online meeting by joinWebUrl": GET /users/{userId}/onlineMeetings?$filter=
//    JoinWebUrl eq '…'), and its chatInfo.threadId is the chat's id. {userId} is the organiser's
//    object id (read once from /users/{upn}?$select=id). Permission: OnlineMeetings.Read.All,
//    which also needs an application access policy granted for the organiser mailbox.
// 2. The app in that chat ("Add app to chat", https://learn.microsoft.com/en-us/graph/api/
//    chat-post-installedapps?view=graph-rest-1.0): POST /chats/{chatId}/installedApps with
//    teamsApp@odata.bind to the app's id in the council's app catalog (TEAMS_CATALOG_APP_ID) and
//    consentedPermissionSet: the manifest asks for resource-specific consent (teams-app-consent.ts),
//    so the body consents to it (the page's example 2) and the permission is
//    TeamsAppInstallation.ReadWriteAndConsentSelfForChat.All (this app only; the plain
//    ReadWriteSelfForChat.All cannot install an app with RSC). Installed already: 409 Conflict,
//    which is success here.
// 3. The meeting tab for the dispute ("Add tab to chat", https://learn.microsoft.com/en-us/graph/
//    api/chat-post-tabs?view=graph-rest-1.0): POST /chats/{chatId}/tabs with teamsApp@odata.bind
//    and configuration.contentUrl /tab/meeting/<dispute id>; "if the chat is associated with an
//    onlineMeeting instance, then the tab is effectively added to the meeting". Listed first
//    (GET /chats/{chatId}/tabs?$expand=teamsApp) so a retried booking does not pin it twice.
//    Permission: TeamsTab.Create.
//
// The caller (meeting-jobs.ts) never lets a failure here fail the booking.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { MeetingChatApps, MeetingChatRequest, MeetingChatResult } from '../../app/ports/meeting-chat.ts';
import { callGraph, defaultRetryPolicy, noSdkRetry, pathSegment, type RetryPolicy } from './graph-call.ts';
import { toGraphCallError, type FailureContext } from './graph-call-error.ts';
import { readGraphFailure } from './graph-errors.ts';
import { odataString } from './odata.ts';
import { consentedPermissionSet, INSTALL_IN_CHAT_PERMISSION } from './teams-app-consent.ts';

export interface GraphMeetingChatOptions {
  /** MEETINGS_ORGANIZER: the mailbox that organises (and so owns) the meetings. */
  organizer: string;
  /** TEAMS_CATALOG_APP_ID: the app's id in the council's Teams app catalog (not the manifest id). */
  catalogAppId: string;
  /** Graph's base, e.g. https://graph.microsoft.com: the odata.bind links are absolute. */
  graphBaseUrl: string;
  /** The app's public base URL: the tab's address. */
  appBaseUrl: string;
  retry?: Partial<RetryPolicy>;
}

interface TeamsTab {
  id?: string;
  configuration?: { entityId?: string | null; contentUrl?: string | null } | null;
  teamsApp?: { id?: string } | null;
}

/** The tab's entity id: the same one the settings page saves (tab/src/views/meeting-configure-view.tsx). */
export const meetingTabEntityId = (disputeId: string) => `cp-disputes-meeting-${disputeId}`;

export function createGraphMeetingChat(client: Client, options: GraphMeetingChatOptions): MeetingChatApps {
  const organizer = options.organizer.trim();
  const catalogAppId = options.catalogAppId.trim();
  if (!organizer || !catalogAppId)
    throw new Error('createGraphMeetingChat: the organiser mailbox and the catalog app id are required');
  const policy = defaultRetryPolicy(options.retry);
  const graphBase = options.graphBaseUrl.replace(/\/+$/, '');
  const appBind = `${graphBase}/v1.0/appCatalogs/teamsApps/${pathSegment(catalogAppId)}`;
  const appBase = options.appBaseUrl.replace(/\/+$/, '');
  const ctx = (action: string, permission: string, repeatable: boolean): FailureContext => ({
    action,
    mailbox: organizer,
    permission,
    repeatable,
    whenUnknown: 'retry',
  });
  let organizerId: string | null = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(organizer)
    ? organizer
    : null;

  const read = async <T>(run: () => Promise<T>, action: string, permission: string): Promise<T> => {
    try {
      return await callGraph(run, policy, true);
    } catch (error) {
      throw toGraphCallError(error, ctx(action, permission, true));
    }
  };

  const organizerObjectId = async (): Promise<string> => {
    if (organizerId) return organizerId;
    const user = await read(
      () =>
        client
          .api(`/users/${pathSegment(organizer)}`)
          .select('id')
          .middlewareOptions(noSdkRetry())
          .get() as Promise<{ id?: string }>,
      'find the meetings mailbox in the directory',
      'User.Read.All',
    );
    if (!user.id) throw new Error(`Graph gave no id for ${organizer}`);
    organizerId = user.id;
    return user.id;
  };

  const meetingChatId = async (joinUrl: string): Promise<string> => {
    const userId = await organizerObjectId();
    const filter = `JoinWebUrl eq ${odataString(joinUrl)}`;
    const page = await read(
      () =>
        client
          .api(`/users/${pathSegment(userId)}/onlineMeetings`)
          .filter(encodeURIComponent(filter))
          .middlewareOptions(noSdkRetry())
          .get() as Promise<{ value?: { chatInfo?: { threadId?: string | null } | null }[] }>,
      'find the Teams meeting’s chat',
      'OnlineMeetings.Read.All (with an application access policy for the meetings mailbox)',
    );
    const threadId = page.value?.[0]?.chatInfo?.threadId;
    if (!threadId)
      throw new Error('Teams has no chat for this meeting (no online meeting with its join link)');
    return threadId;
  };

  const install = async (chatId: string): Promise<boolean> => {
    try {
      await callGraph(
        () =>
          client
            .api(`/chats/${pathSegment(chatId)}/installedApps`)
            .middlewareOptions(noSdkRetry())
            .post({
              'teamsApp@odata.bind': appBind,
              consentedPermissionSet: consentedPermissionSet(),
            }) as Promise<unknown>,
        policy,
        false,
      );
      return true;
    } catch (error) {
      // Added already (by an earlier try, or by someone in the meeting): that is what we wanted.
      if (readGraphFailure(error).status === 409) return false;
      throw toGraphCallError(
        error,
        ctx('add CP Disputes to the meeting chat', INSTALL_IN_CHAT_PERMISSION, false),
      );
    }
  };

  const addTab = async (chatId: string, request: MeetingChatRequest): Promise<boolean> => {
    const entityId = meetingTabEntityId(request.disputeId);
    const tabs = await read(
      () =>
        client
          .api(`/chats/${pathSegment(chatId)}/tabs`)
          .expand('teamsApp')
          .middlewareOptions(noSdkRetry())
          .get() as Promise<{ value?: TeamsTab[] }>,
      'list the meeting chat’s tabs',
      'TeamsTab.Create',
    );
    if ((tabs.value ?? []).some((t) => t.configuration?.entityId === entityId)) return false;
    const contentUrl = `${appBase}/tab/meeting/${encodeURIComponent(request.disputeId)}`;
    try {
      await callGraph(
        () =>
          client
            .api(`/chats/${pathSegment(chatId)}/tabs`)
            .middlewareOptions(noSdkRetry())
            .post({
              displayName: `CP Disputes ${request.reference}`,
              'teamsApp@odata.bind': appBind,
              configuration: { entityId, contentUrl, websiteUrl: contentUrl },
            }) as Promise<unknown>,
        policy,
        false,
      );
      return true;
    } catch (error) {
      throw toGraphCallError(error, ctx('add the dispute’s tab to the meeting', 'TeamsTab.Create', false));
    }
  };

  return {
    async addToMeetingChat(request: MeetingChatRequest): Promise<MeetingChatResult> {
      const chatId = await meetingChatId(request.joinUrl);
      const installed = await install(chatId);
      const tabAdded = await addTab(chatId, request);
      return { chatId, installed, tabAdded };
    },
  };
}
