// Azure Database for PostgreSQL Flexible Server 16 with the app's database. Backups are automatic
// (point-in-time restore within the retention period; geo-redundant if asked); zone-redundant high
// availability is optional and needs the General Purpose or Memory Optimized tier.

@description('Azure region.')
param location string

@description('Prefix for the resource names.')
param resourceBaseName string

@description('The server administrator: owns the schema and runs the migrations (MIGRATION_DATABASE_URL).')
param administratorLogin string

@secure()
@description('The administrator password.')
param administratorPassword string

@description('Compute size, e.g. Standard_B2s (Burstable) or Standard_D2ds_v5 (GeneralPurpose).')
param skuName string

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param skuTier string

@minValue(32)
param storageSizeGB int

@minValue(7)
@maxValue(35)
@description('Days of point-in-time restore.')
param backupRetentionDays int

@description('Keep backups in the paired region too (UK West for UK South).')
param geoRedundantBackup bool

@description('A standby in another availability zone, with automatic failover.')
param zoneRedundant bool

@description('The delegated subnet for private access; empty for public access behind the firewall.')
param delegatedSubnetId string

@description('The private DNS zone for private access; empty for public access.')
param privateDnsZoneId string

@description('The database the app uses.')
param databaseName string

var privateAccess = !empty(delegatedSubnetId)

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: '${resourceBaseName}-pg-${take(uniqueString(resourceGroup().id), 6)}'
  location: location
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: '16'
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: geoRedundantBackup ? 'Enabled' : 'Disabled'
    }
    highAvailability: {
      mode: zoneRedundant ? 'ZoneRedundant' : 'Disabled'
    }
    network: privateAccess
      ? {
          delegatedSubnetResourceId: delegatedSubnetId
          privateDnsZoneArmResourceId: privateDnsZoneId
        }
      : {
          publicNetworkAccess: 'Enabled'
        }
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// Public access only: the start and end 0.0.0.0 rule admits connections from Azure services.
// Private access (the default) needs no rule: the server has no public endpoint.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!privateAccess) {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

output serverName string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
