// The Azure Bot: Teams and (optionally) Outlook send the bot's activities to the app's
// /api/messages, and the bot signs in as the user-assigned managed identity, so no bot password
// exists anywhere (MicrosoftAppType=UserAssignedMSI in the app).

@description('Prefix for the resource names.')
param resourceBaseName string

@maxLength(42)
@description('The bot\'s display name in the Azure portal.')
param displayName string

@description('The public host name the app answers on (no scheme).')
param appDomain string

@description('The managed identity\'s client id: the bot\'s app id (the manifest\'s botId).')
param identityClientId string

@description('The managed identity\'s tenant.')
param identityTenantId string

@description('The managed identity\'s resource id.')
param identityResourceId string

@allowed(['F0', 'S1'])
@description('F0 is free and enough for Teams and Outlook (standard channels are not metered).')
param sku string

@description('Turn on the Outlook channel for actionable messages (public preview: docs/go-live.md).')
param enableOutlookChannel bool

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  // Bot handles are global, hence the suffix.
  name: '${resourceBaseName}-bot-${take(uniqueString(resourceGroup().id), 6)}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: 'https://${appDomain}/api/messages'
    msaAppId: identityClientId
    msaAppType: 'UserAssignedMSI'
    msaAppTenantId: identityTenantId
    msaAppMSIResourceId: identityResourceId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

resource outlook 'Microsoft.BotService/botServices/channels@2022-09-15' = if (enableOutlookChannel) {
  parent: bot
  name: 'OutlookChannel'
  location: 'global'
  properties: {
    channelName: 'OutlookChannel'
  }
}

output botName string = bot.name
output teamsChannel string = teams.name
