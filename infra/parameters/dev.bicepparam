// Development environment: smallest sizes that still have the production shape (VNet, private
// PostgreSQL, Key Vault references). Identifiers and secrets come from the environment of the
// shell that runs the deployment, never from this file:
//   KINMU_TEAMS_TENANT_ID, KINMU_BOT_APP_ID, KINMU_SSO_CLIENT_ID, KINMU_PG_ADMIN_PASSWORD,
//   KINMU_BOT_APP_PASSWORD, KINMU_SSO_CLIENT_SECRET (optional: empty leaves the Key Vault secret unchanged).
using '../main.bicep'

param environmentName = 'dev'
param location = 'japaneast'
param tags = {
  owner: 'kinmu-dev'
}

param teamsTenantId = readEnvironmentVariable('KINMU_TEAMS_TENANT_ID')
param botAppId = readEnvironmentVariable('KINMU_BOT_APP_ID')
param botAppPassword = readEnvironmentVariable('KINMU_BOT_APP_PASSWORD', '')
param ssoClientId = readEnvironmentVariable('KINMU_SSO_CLIENT_ID')
param ssoClientSecret = readEnvironmentVariable('KINMU_SSO_CLIENT_SECRET', '')
param graphSyncEnabled = false
param botSku = 'F0'

// B1: VNet integration, Always On and health check, but no autoscale.
param appServicePlanSku = 'B1'
param appServiceZoneRedundant = false
param minInstances = 1
param maxInstances = 1

param logLevel = 'debug'

param postgresVersion = '17'
param postgresSkuName = 'Standard_B2s'
param postgresSkuTier = 'Burstable'
param postgresStorageSizeGB = 32
param postgresZoneRedundantHa = false
param postgresBackupRetentionDays = 7
param postgresGeoRedundantBackup = false
param postgresAdminPassword = readEnvironmentVariable('KINMU_PG_ADMIN_PASSWORD')

param logRetentionDays = 30
// A dev vault can be deleted and recreated under the same name after a purge.
param keyVaultPurgeProtection = false
