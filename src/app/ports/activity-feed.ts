// The Teams activity feed (the bell in Teams) and installing the app for a person, as the delivery
// adapters see them. A feed notice carries the dispute's reference and a link, never the child.

export interface ActivityFeedNotice {
  /** Declared in the app manifest's activities.activityTypes. */
  activityType: string;
  /** The notice's second line (Teams shows 150 characters). */
  previewText: string;
  /** The dispute reference: the topic's text and the template's {reference}. */
  reference: string;
  /** Where the notice opens: a Teams deep link to the tab's dispute page. */
  webUrl: string;
  /**
   * The same number for a repeat of the same notice: Teams replaces the earlier one instead of
   * showing a second, so a retry after a lost answer cannot notify twice.
   */
  chainId: number;
}

export interface ActivityFeed {
  readonly kind: string;
  /** Throws DeliveryError (retry, or permanent) when the notice did not go. */
  send(userAadObjectId: string, notice: ActivityFeedNotice): Promise<void>;
}

/** Installs the council's Teams app in a person's personal scope, so the bot can start a chat. */
export interface TeamsAppInstaller {
  /** Throws DeliveryError when it could not be installed. */
  installFor(userAadObjectId: string): Promise<'installed' | 'already-installed'>;
}
