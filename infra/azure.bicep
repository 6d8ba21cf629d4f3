// CP Disputes in one resource group: the managed identity the app and the bot run as, Key Vault
// for the secrets, PostgreSQL Flexible Server, the container app, the Azure Bot with its Teams and
// Outlook channels, and monitoring with alert rules. Deployed by the Agents Toolkit's arm/deploy
// (m365agents.yml) with azure.parameters.json, or by hand:
//   az deployment group create -g <group> -f infra/azure.bicep -p infra/azure.parameters.json
// (after filling the ${{…}} values). The outputs are written to env/.env.<environment>.
//
// NOT COMPILED HERE: no Bicep compiler could be fetched where these templates were written. Their
// consistency is tested (test/infra/), and `az bicep build -f infra/azure.bicep` is the first step
// of docs/go-live.md.

targetScope = 'resourceGroup'

@minLength(4)
@maxLength(20)
@description('Starts every resource name: lower-case letters, digits and hyphens, starting with a letter (e.g. cpd-northmoor).')
param resourceBaseName string

@description('Azure region for everything but the bot (global). UK South by default; UK West is its pair.')
param location string = 'uksouth'

@maxLength(32)
@description('The council, as the app names its publisher (the manifest\'s developer.name, PUBLISHER_NAME).')
param publisherName string

@minLength(1)
@description('The image to run, e.g. <registry>.azurecr.io/cp-disputes:<tag>.')
param containerImage string

@description('An Azure Container Registry in this resource group to pull from with the managed identity; empty for a public image.')
param containerRegistryName string = ''

@description('The Entra app registration of the tab and of Microsoft Graph (aadApp/create: AAD_APP_CLIENT_ID).')
param entraClientId string

@secure()
@description('Its client secret (aadApp/create: SECRET_AAD_APP_CLIENT_SECRET), for Microsoft Graph.')
param entraClientSecret string

@description('The PostgreSQL administrator: owns the schema, runs the migrations.')
param postgresAdminLogin string = 'cpdisputes_owner'

@secure()
@minLength(16)
param postgresAdminPassword string

@description('The login role the app works as (docs/tenancy.md): fewer rights than the owner.')
param postgresAppLogin string = 'cpdisputes_app'

@secure()
@minLength(16)
param postgresAppPassword string

@description('Compute size: Standard_B2s (Burstable) is enough for one council; zone redundancy needs e.g. Standard_D2ds_v5 (GeneralPurpose).')
param postgresSkuName string = 'Standard_B2s'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'

@minValue(32)
param postgresStorageSizeGB int = 32

@minValue(7)
@maxValue(35)
@description('Days of point-in-time restore.')
param postgresBackupRetentionDays int = 35

@description('Keep backups in the paired region too. Fixed when the server is created.')
param postgresGeoRedundantBackup bool = true

@description('Zone redundancy: a PostgreSQL standby in another zone (GeneralPurpose tier) and app replicas across zones (needs privateNetwork).')
param zoneRedundant bool = false

@description('The database reachable only inside a virtual network (recommended). False: a public endpoint admitting Azure services only.')
param privateNetwork bool = true

@minValue(1)
@description('Never 0: the deadline sweeper and the outbox worker run inside the app.')
param minReplicas int = 1

@minValue(1)
param maxReplicas int = 2

@description('A custom domain, once bound to the container app (docs/go-live.md); empty for its default host name.')
param customDomain string = ''

@description('Where alerts are mailed; empty for none.')
param alertEmail string = ''

@minValue(30)
param logRetentionDays int = 90

@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('The Outlook channel for actionable messages (public preview).')
param enableOutlookChannel bool = false

@description('The service mailbox that organises resolution meetings (MEETINGS_ORGANIZER); empty for ICS invitations.')
param meetingsOrganizer string = ''

@description('The service mailbox mail is sent from (MAIL_SENDER); empty for no mail through Graph.')
param mailSender string = ''

@description('The Outlook actionable messages provider id (ACTIONABLE_ORIGINATOR); empty for HTML mail only.')
param actionableOriginator string = ''

@description('The Teams app (teamsApp/create: TEAMS_APP_ID): cards in Teams link into its tab; empty for web links.')
param teamsAppId string = ''

@description('Fixed posts held by Entra groups or people (GRAPH_POSTS; README, Microsoft Graph).')
param graphPosts string = ''

@description('Management tiers from job titles (GRAPH_TIERS); empty for the English-council defaults.')
param graphTiers string = ''

@description('The council\'s privacy notice inside the image (PRIVACY_NOTICE_FILE); empty for the shipped text, marked as such.')
param privacyNoticeFile string = ''

@description('The council\'s terms of use inside the image (TERMS_OF_USE_FILE).')
param termsOfUseFile string = ''

var tenantId = subscription().tenantId
var suffix = take(uniqueString(resourceGroup().id), 6)
var databaseName = 'cp_disputes'
var targetPort = 3978
// Built-in role ids (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-id'
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    resourceBaseName: resourceBaseName
    logAnalyticsWorkspaceId: logs.id
    alertEmail: alertEmail
  }
}

module network 'modules/network.bicep' = if (privateNetwork) {
  name: 'network'
  params: {
    location: location
    resourceBaseName: resourceBaseName
  }
}

module database 'modules/database.bicep' = {
  name: 'database'
  params: {
    location: location
    resourceBaseName: resourceBaseName
    administratorLogin: postgresAdminLogin
    administratorPassword: postgresAdminPassword
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    backupRetentionDays: postgresBackupRetentionDays
    geoRedundantBackup: postgresGeoRedundantBackup
    zoneRedundant: zoneRedundant
    delegatedSubnetId: privateNetwork ? network!.outputs.databaseSubnetId : ''
    privateDnsZoneId: privateNetwork ? network!.outputs.postgresPrivateDnsZoneId : ''
    databaseName: databaseName
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${replace(resourceBaseName, '-', '')}kv${suffix}', 24)
  location: location
  properties: {
    tenantId: tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

// The secrets the container reads through Key Vault references. Their names are fixed (a loop
// needs values known when the deployment starts); their values are set one by one below.
var secretNames = [
  'database-url'
  'migration-database-url'
  'graph-client-secret'
  'applicationinsights-connection-string'
]
// uriComponent: a password may hold characters a connection string would misread.
var postgresHost = '${database.outputs.fqdn}:5432/${database.outputs.databaseName}?sslmode=require'

resource databaseUrl 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretNames[0]
  properties: {
    value: 'postgres://${postgresAppLogin}:${uriComponent(postgresAppPassword)}@${postgresHost}'
  }
}

resource migrationDatabaseUrl 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretNames[1]
  properties: {
    value: 'postgres://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgresHost}'
  }
}

resource graphClientSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretNames[2]
  properties: {
    value: entraClientSecret
  }
}

resource insightsConnection 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretNames[3]
  properties: {
    value: monitoring.outputs.applicationInsightsConnectionString
  }
}

resource identityReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = if (!empty(containerRegistryName)) {
  name: containerRegistryName
}

resource identityPullsImages 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(containerRegistryName)) {
  scope: registry
  name: guid(resourceGroup().id, containerRegistryName, identity.id, acrPull)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Settings with a value only: an empty variable would be refused by the app's configuration check.
var optionalSettings = filter(
  [
    { name: 'MEETINGS_ORGANIZER', value: meetingsOrganizer }
    { name: 'MAIL_SENDER', value: mailSender }
    { name: 'ACTIONABLE_ORIGINATOR', value: actionableOriginator }
    { name: 'TEAMS_APP_ID', value: teamsAppId }
    { name: 'GRAPH_POSTS', value: graphPosts }
    { name: 'GRAPH_TIERS', value: graphTiers }
    { name: 'PRIVACY_NOTICE_FILE', value: privacyNoticeFile }
    { name: 'TERMS_OF_USE_FILE', value: termsOfUseFile }
  ],
  setting => !empty(setting.value)
)
var appSettings = concat(
  [
    { name: 'NODE_ENV', value: 'production' }
    { name: 'HOST', value: '0.0.0.0' }
    { name: 'LOG_LEVEL', value: 'info' }
    // One proxy in front: the Container Apps ingress, which sets X-Forwarded-For (rate limits per address).
    { name: 'TRUST_PROXY', value: '1' }
    { name: 'PUBLISHER_NAME', value: publisherName }
    // The bot signs in as the managed identity: no bot password anywhere.
    { name: 'MicrosoftAppId', value: identity.properties.clientId }
    { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
    { name: 'MicrosoftAppTenantId', value: tenantId }
    { name: 'ENTRA_CLIENT_ID', value: entraClientId }
    { name: 'ALLOWED_TENANT_IDS', value: tenantId }
    { name: 'GRAPH_TENANT_ID', value: tenantId }
    { name: 'GRAPH_CLIENT_ID', value: entraClientId }
    { name: 'GRAPH_CLIENT_SECRET', secretRef: 'graph-client-secret' }
    { name: 'DATABASE_URL', secretRef: 'database-url' }
    { name: 'MIGRATION_DATABASE_URL', secretRef: 'migration-database-url' }
    { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', secretRef: 'applicationinsights-connection-string' }
  ],
  optionalSettings
)

module app 'modules/container-app.bicep' = {
  name: 'container-app'
  dependsOn: [identityReadsSecrets, identityPullsImages, databaseUrl, migrationDatabaseUrl, graphClientSecret, insightsConnection]
  params: {
    location: location
    appName: resourceBaseName
    resourceBaseName: resourceBaseName
    logAnalyticsCustomerId: logs.properties.customerId
    logAnalyticsSharedKey: logs.listKeys().primarySharedKey
    infrastructureSubnetId: privateNetwork ? network!.outputs.appsSubnetId : ''
    zoneRedundant: zoneRedundant
    identityId: identity.id
    containerImage: containerImage
    registryServer: empty(containerRegistryName) ? '' : registry!.properties.loginServer
    targetPort: targetPort
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    customDomain: customDomain
    entraClientId: entraClientId
    settings: appSettings
    keyVaultSecrets: [
      for name in secretNames: {
        name: name
        keyVaultUrl: '${vault.properties.vaultUri}secrets/${name}'
        identity: identity.id
      }
    ]
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    resourceBaseName: resourceBaseName
    displayName: 'CP Disputes'
    appDomain: app.outputs.appDomain
    identityClientId: identity.properties.clientId
    identityTenantId: tenantId
    identityResourceId: identity.id
    sku: botSku
    enableOutlookChannel: enableOutlookChannel
  }
}

// Written to env/.env.<environment> by arm/deploy, and read by the app manifest, aad.manifest.json
// and the deploy steps.
output BOT_ID string = identity.properties.clientId
output APP_DOMAIN string = app.outputs.appDomain
output APP_BASE_URL string = 'https://${app.outputs.appDomain}'
output AZURE_CONTAINER_APP_RESOURCE_ID string = app.outputs.appResourceId
output AZURE_CONTAINER_APP_JOB_NAME string = app.outputs.adminJobName
output AZURE_KEY_VAULT_NAME string = vault.name
output AZURE_POSTGRES_SERVER_NAME string = database.outputs.serverName
output AZURE_BOT_NAME string = bot.outputs.botName
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
