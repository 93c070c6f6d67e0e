// Azure Database for PostgreSQL Flexible Server with private access only (VNet-injected into a
// delegated subnet, name resolved through a private DNS zone), and the application database.

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Server name; globally unique (it becomes <name>.postgres.database.azure.com).')
param serverName string

@description('PostgreSQL major version.')
@allowed([
  '16'
  '17'
])
param version string

@description('Compute size, e.g. Standard_B2s (Burstable), Standard_D2ds_v5 / Standard_D4ds_v5 (GeneralPurpose).')
param skuName string

@description('Compute tier; must match skuName. Zone-redundant HA is not available on Burstable.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param skuTier string

@description('Storage in GiB; grows automatically when nearly full (it can never shrink).')
@minValue(32)
param storageSizeGB int

@description('Zone-redundant high availability: a standby in another availability zone with synchronous replication and automatic failover.')
param zoneRedundantHa bool

@description('Days of point-in-time restore.')
@minValue(7)
@maxValue(35)
param backupRetentionDays int

@description('Geo-redundant backups (Japan East pairs with Japan West). Can only be chosen when the server is created.')
param geoRedundantBackup bool

@description('Name of the password-based administrator (cannot be changed after creation).')
param administratorLogin string

@secure()
@description('Password of the administrator.')
param administratorLoginPassword string

@description('Resource id of the subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers.')
param delegatedSubnetId string

@description('Resource id of the private DNS zone linked to the VNet.')
param privateDnsZoneId string

@description('Name of the application database.')
param databaseName string

@description('Log Analytics workspace that receives the server logs.')
param workspaceId string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2025-08-01' = {
  name: serverName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorLoginPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: geoRedundantBackup ? 'Enabled' : 'Disabled'
    }
    highAvailability: {
      mode: zoneRedundantHa ? 'ZoneRedundant' : 'Disabled'
    }
    // No public endpoint: a VNet-injected server is reachable only from the VNet (and peered networks).
    network: {
      delegatedSubnetResourceId: delegatedSubnetId
      privateDnsZoneArmResourceId: privateDnsZoneId
      publicNetworkAccess: 'Disabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2025-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: server
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'PostgreSQLLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output serverName string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
