// The Container Apps environment and the app itself: the image, its settings (secrets come from
// Key Vault through the managed identity), the probes and the replica count. The public address
// is the app's own host name in the environment, or the council's custom domain.

@description('Azure region.')
param location string

@maxLength(32)
@description('The container app\'s name (also the first label of its default host name).')
param appName string

@description('Prefix for the other resource names.')
param resourceBaseName string

@description('The Log Analytics workspace (customer id) that receives the container\'s logs.')
param logAnalyticsCustomerId string

@secure()
param logAnalyticsSharedKey string

@description('The delegated subnet for the environment; empty for no virtual network.')
param infrastructureSubnetId string

@description('Spread replicas over availability zones (needs the virtual network).')
param zoneRedundant bool

@description('The user-assigned managed identity the app runs as (bot, Key Vault, registry).')
param identityId string

@description('The image to run, e.g. myregistry.azurecr.io/cp-disputes:1.0.0.')
param containerImage string

@description('The registry to pull from with the managed identity; empty for a public image.')
param registryServer string

@description('The port the app listens on (PORT).')
param targetPort int

@minValue(1)
@description('At least one replica always: the deadline sweeper and the outbox worker run inside the app.')
param minReplicas int

@minValue(1)
param maxReplicas int

@description('A custom domain already bound to the app (docs/go-live.md); empty for the default host name.')
param customDomain string

@description('The Entra app registration of the tab (its client id), for ENTRA_APP_ID_URI.')
param entraClientId string

@description('Settings other than the address: [{ name, value }] or [{ name, secretRef }].')
param settings array

@description('Key Vault references: [{ name, keyVaultUrl, identity }].')
param keyVaultSecrets array

resource appsEnvironment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${resourceBaseName}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logAnalyticsCustomerId
        sharedKey: logAnalyticsSharedKey
      }
    }
    vnetConfiguration: empty(infrastructureSubnetId)
      ? null
      : {
          infrastructureSubnetId: infrastructureSubnetId
          internal: false
        }
    zoneRedundant: zoneRedundant && !empty(infrastructureSubnetId)
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

var appDomain = empty(customDomain) ? '${appName}.${appsEnvironment.properties.defaultDomain}' : customDomain
var addressSettings = [
  {
    name: 'APP_BASE_URL'
    value: 'https://${appDomain}'
  }
  {
    name: 'ENTRA_APP_ID_URI'
    value: 'api://${appDomain}/${entraClientId}'
  }
  {
    name: 'PORT'
    value: string(targetPort)
  }
]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: appName
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: appsEnvironment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: targetPort
        transport: 'http'
        allowInsecure: false
      }
      secrets: keyVaultSecrets
      registries: empty(registryServer)
        ? []
        : [
            {
              server: registryServer
              identity: identityId
            }
          ]
    }
    template: {
      containers: [
        {
          name: 'cp-disputes'
          image: containerImage
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat(addressSettings, settings)
          probes: [
            {
              // Up to about two minutes for the first start (migrations run before the server listens).
              type: 'Startup'
              httpGet: {
                path: '/livez'
                port: targetPort
              }
              initialDelaySeconds: 10
              periodSeconds: 10
              failureThreshold: 10
            }
            {
              // No I/O: a database outage does not restart every replica.
              type: 'Liveness'
              httpGet: {
                path: '/livez'
                port: targetPort
              }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              // Database reachable and writable, migrations done, not draining.
              type: 'Readiness'
              httpGet: {
                path: '/readyz'
                port: targetPort
              }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
      }
    }
  }
}

// A one-off command inside the network, with the app's image and secrets: database
// administration the server's private address keeps out of reach otherwise (creating the app's
// role, docs/go-live.md; a migration before an upgrade, docs/operations.md). Started by hand:
// az containerapp job start --command … --args ….
resource adminJob 'Microsoft.App/jobs@2024-03-01' = {
  name: '${take(appName, 26)}-admin'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: appsEnvironment.id
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: 1800
      replicaRetryLimit: 0
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      secrets: keyVaultSecrets
      registries: empty(registryServer)
        ? []
        : [
            {
              server: registryServer
              identity: identityId
            }
          ]
    }
    template: {
      containers: [
        {
          name: 'cp-disputes-admin'
          image: containerImage
          // Harmless unless a command is given when the job is started.
          command: ['node', '--version']
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat(addressSettings, settings)
        }
      ]
    }
  }
}

output appDomain string = appDomain
output adminJobName string = adminJob.name
output appResourceId string = app.id
output environmentName string = appsEnvironment.name
