// Kinmu Companion: everything one environment needs, in one resource group.
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/parameters/<env>.bicepparam
// See infra/README.md for what is created and why, and docs/deploy.md for the whole procedure.

targetScope = 'resourceGroup'

metadata description = 'Kinmu Companion: App Service (Node 24, Linux), Azure Bot + Teams channel, PostgreSQL Flexible Server (private), Key Vault (RBAC), Application Insights, autoscale.'

// ---------------------------------------------------------------------------------------------
// Environment and naming
// ---------------------------------------------------------------------------------------------

@description('Environment name; part of every resource name.')
@allowed([
  'dev'
  'test'
  'prod'
])
param environmentName string

@description('Region for every regional resource. Japan East by default; Japan West for a secondary site.')
param location string = 'japaneast'

@description('Prefix of resource names: lower-case letters and digits.')
@minLength(2)
@maxLength(8)
param namePrefix string = 'kinmu'

@description('Tags added to the default tags (application, environment, managed-by), e.g. owner, cost centre, 府省名.')
param tags object = {}

// ---------------------------------------------------------------------------------------------
// Identity (Entra ID app registrations in the GSS Microsoft 365 tenant, see docs/deploy.md)
// ---------------------------------------------------------------------------------------------

@description('Directory (tenant) id of the Microsoft 365 tenant whose users use Teams (the GSS tenant). Not necessarily the tenant of the Azure subscription.')
param teamsTenantId string

@description('Application (client) id of the bot app registration.')
param botAppId string

@secure()
@description('Client secret of the bot app registration. Empty: leave the Key Vault secret as it is (set or rotated with az keyvault secret set).')
param botAppPassword string = ''

@description('Application (client) id of the tab/API app registration (SSO, app roles, Graph).')
param ssoClientId string

@secure()
@description('Client secret of the tab/API app registration (On-Behalf-Of calendar writes, Graph org sync, app installs). Empty: leave the Key Vault secret as it is.')
param ssoClientSecret string = ''

@description('Application ID URI of the tab/API app registration. Empty: api://<public host>/<ssoClientId>.')
param ssoAppIdUri string = ''

@description('Host name Teams reaches the app at. Empty: the web app default host name (<name>.azurewebsites.net). A custom domain must also be bound to the web app with a certificate.')
param publicHostName string = ''

@description('Azure Bot pricing tier.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'S1'

@description('Bot name shown in the Azure portal.')
param botDisplayName string = 'Kinmu Companion'

// ---------------------------------------------------------------------------------------------
// App Service
// ---------------------------------------------------------------------------------------------

@description('App Service plan SKU. B1 for dev (no autoscale), P1v3 or larger for production.')
param appServicePlanSku string = 'P1v3'

@description('Spread the plan over availability zones (Premium v3 and up, at least 2 instances).')
param appServiceZoneRedundant bool = false

@description('Fewest instances. Autoscale is created only when maxInstances > minInstances.')
@minValue(1)
@maxValue(30)
param minInstances int = 1

@description('Most instances under autoscale.')
@minValue(1)
@maxValue(30)
param maxInstances int = 1

@description('Route all outbound traffic through the VNet (only with a NAT gateway or firewall on the app subnet).')
param routeAllOutboundThroughVnet bool = false

// ---------------------------------------------------------------------------------------------
// Application behaviour (app settings read by core/config/config.ts)
// ---------------------------------------------------------------------------------------------

@description('LOG_LEVEL of the app (pino).')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
])
param logLevel string = 'info'

@description('MIN_GROUP_SIZE: aggregates over fewer people are suppressed.')
@minValue(1)
param minGroupSize int = 5

@description('GRAPH_SYNC_ENABLED: run the daily Microsoft Graph org sync (needs the tab/API client secret and admin consent to User.Read.All).')
param graphSyncEnabled bool = false

@description('GRAPH_SYNC_CRON: when the org sync runs, in Japan time (default 05:30 daily).')
param graphSyncCron string = '30 5 * * *'

@description('TEAMS_APP_CATALOG_ID: the app id in the tenant app catalog (Teams admin center → Manage apps). With it, announcements install the app for people who have no chat with the bot yet; empty = they are reported as unreachable.')
param teamsAppCatalogId string = ''

@description('BOT_RATE_PER_SECOND: proactive messages per second for the whole app (Teams allows 50 per bot per tenant).')
@minValue(1)
@maxValue(50)
param botRatePerSecond int = 50

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

@description('PostgreSQL major version.')
@allowed([
  '16'
  '17'
])
param postgresVersion string = '17'

@description('Compute size: Standard_B2s (dev), Standard_D2ds_v5 (a ministry up to ~60k staff), Standard_D4ds_v5 (the whole civil service, ~300k).')
param postgresSkuName string = 'Standard_D2ds_v5'

@description('Compute tier matching postgresSkuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'GeneralPurpose'

@description('Storage in GiB (auto-grows, never shrinks).')
@minValue(32)
param postgresStorageSizeGB int = 128

@description('Zone-redundant high availability (not on Burstable).')
param postgresZoneRedundantHa bool = false

@description('Point-in-time restore window in days.')
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int = 7

@description('Geo-redundant backups to the paired region (Japan West). Only settable at creation.')
param postgresGeoRedundantBackup bool = false

@description('Administrator login; the app connects with it (see infra/README.md, hardening).')
param postgresAdminLogin string = 'kinmu_admin'

@secure()
@minLength(16)
@description('Administrator password. Changing it and redeploying rotates it on the server and in Key Vault together.')
param postgresAdminPassword string

// ---------------------------------------------------------------------------------------------
// Network, monitoring, Key Vault
// ---------------------------------------------------------------------------------------------

@description('Address space of the VNet.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('App Service integration subnet.')
param appSubnetPrefix string = '10.40.1.0/24'

@description('Subnet delegated to PostgreSQL.')
param dbSubnetPrefix string = '10.40.2.0/24'

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Key Vault purge protection (recommended for production; cannot be turned off again).')
param keyVaultPurgeProtection bool = true

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var baseName = '${namePrefix}-${environmentName}'
// Web app, Key Vault, PostgreSQL and Bot names are global; the suffix keeps them unique per resource group.
var suffix = take(uniqueString(subscription().id, resourceGroup().id), 6)
var names = {
  vnet: 'vnet-${baseName}'
  workspace: 'log-${baseName}'
  appInsights: 'appi-${baseName}'
  plan: 'plan-${baseName}'
  site: 'app-${baseName}-${suffix}'
  keyVault: 'kv-${baseName}-${suffix}'
  postgres: 'psql-${baseName}-${suffix}'
  bot: 'bot-${baseName}-${suffix}'
  autoscale: 'autoscale-${baseName}'
}
var databaseName = 'kinmu'
var secretNames = {
  botPassword: 'microsoft-app-password'
  databaseUrl: 'database-url'
  ssoClientSecret: 'sso-client-secret'
}
var defaultTags = {
  application: 'kinmu-companion'
  environment: environmentName
  'managed-by': 'bicep'
}
var allTags = union(defaultTags, tags)
// Must start the same entry point as the "serve" script in package.json (checked by test/infra/bicep.test.ts).
var startupCommand = 'node server/main.ts'

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    location: location
    tags: allTags
    vnetName: names.vnet
    addressPrefix: vnetAddressPrefix
    appSubnetPrefix: appSubnetPrefix
    dbSubnetPrefix: dbSubnetPrefix
    postgresDnsZoneName: '${names.postgres}.private.postgres.database.azure.com'
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: allTags
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    retentionInDays: logRetentionDays
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    location: location
    tags: allTags
    serverName: names.postgres
    version: postgresVersion
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    zoneRedundantHa: postgresZoneRedundantHa
    backupRetentionDays: postgresBackupRetentionDays
    geoRedundantBackup: postgresGeoRedundantBackup
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    delegatedSubnetId: network.outputs.dbSubnetId
    privateDnsZoneId: network.outputs.postgresDnsZoneId
    databaseName: databaseName
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    location: location
    tags: allTags
    vaultName: names.keyVault
    purgeProtection: keyVaultPurgeProtection
    workspaceId: monitoring.outputs.workspaceId
    botPasswordSecretName: secretNames.botPassword
    botAppPassword: botAppPassword
    ssoClientSecretName: secretNames.ssoClientSecret
    ssoClientSecret: ssoClientSecret
    databaseUrlSecretName: secretNames.databaseUrl
    postgresFqdn: postgres.outputs.fqdn
    databaseName: postgres.outputs.databaseName
    postgresLogin: postgresAdminLogin
    postgresPassword: postgresAdminPassword
  }
}

module appService 'modules/app-service.bicep' = {
  name: 'app-service'
  params: {
    location: location
    tags: allTags
    planName: names.plan
    siteName: names.site
    skuName: appServicePlanSku
    instanceCount: minInstances
    zoneRedundant: appServiceZoneRedundant
    appSubnetId: network.outputs.appSubnetId
    routeAllOutboundThroughVnet: routeAllOutboundThroughVnet
    startupCommand: startupCommand
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVaultAccess 'modules/key-vault-access.bicep' = {
  name: 'key-vault-access'
  params: {
    vaultName: keyVault.outputs.vaultName
    principalId: appService.outputs.principalId
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: names.appInsights
}

var publicHost = empty(publicHostName) ? appService.outputs.defaultHostName : publicHostName
var appIdUri = empty(ssoAppIdUri) ? 'api://${publicHost}/${ssoClientId}' : ssoAppIdUri
// Versionless secret URIs: App Service picks up a rotated secret within 24 hours, or at once on restart.
var keyVaultRef = {
  botPassword: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.botPassword})'
  databaseUrl: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.databaseUrl})'
  ssoClientSecret: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.ssoClientSecret})'
}

// Names match core/config/config.ts (test/infra/bicep.test.ts keeps them in step). PORT is set by App Service.
module appSettings 'modules/app-settings.bicep' = {
  name: 'app-settings'
  dependsOn: [
    keyVaultAccess
    monitoring
  ]
  params: {
    siteName: appService.outputs.siteName
    settings: {
      NODE_ENV: 'production'
      PUBLIC_URL: 'https://${publicHost}'
      TZ: 'Asia/Tokyo'
      LOG_LEVEL: logLevel
      AUTH_MODE: 'teams'
      DATABASE_URL: keyVaultRef.databaseUrl
      MICROSOFT_APP_ID: botAppId
      MICROSOFT_APP_PASSWORD: keyVaultRef.botPassword
      MICROSOFT_APP_TENANT_ID: teamsTenantId
      MICROSOFT_APP_TYPE: 'SingleTenant'
      SSO_CLIENT_ID: ssoClientId
      SSO_TENANT_ID: teamsTenantId
      SSO_APP_ID_URI: appIdUri
      SSO_CLIENT_SECRET: keyVaultRef.ssoClientSecret
      GRAPH_SYNC_ENABLED: graphSyncEnabled ? 'true' : 'false'
      GRAPH_SYNC_CRON: graphSyncCron
      TEAMS_APP_CATALOG_ID: teamsAppCatalogId
      MIN_GROUP_SIZE: string(minGroupSize)
      BOT_RATE_PER_SECOND: string(botRatePerSecond)
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
      // App Service attaches its Application Insights agent (requests, dependencies, exceptions).
      ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
      // The deployed folder is already built (npm ci && npm run build in CI): no Oryx build on the server.
      SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    }
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: names.bot
    tags: allTags
    displayName: botDisplayName
    appId: botAppId
    appTenantId: teamsTenantId
    endpoint: 'https://${publicHost}/api/messages'
    sku: botSku
  }
}

module autoscale 'modules/autoscale.bicep' = if (maxInstances > minInstances) {
  name: 'autoscale'
  params: {
    location: location
    tags: allTags
    name: names.autoscale
    planId: appService.outputs.planId
    minInstances: minInstances
    maxInstances: maxInstances
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs (no secrets)
// ---------------------------------------------------------------------------------------------

output webAppName string = appService.outputs.siteName
output publicUrl string = 'https://${publicHost}'
output messagingEndpoint string = 'https://${publicHost}/api/messages'
output ssoAppIdUri string = appIdUri
output botName string = bot.outputs.botName
output keyVaultName string = keyVault.outputs.vaultName
output postgresServerName string = postgres.outputs.serverName
output postgresFqdn string = postgres.outputs.fqdn
output appInsightsName string = monitoring.outputs.appInsightsName
output logAnalyticsWorkspaceId string = monitoring.outputs.workspaceId
