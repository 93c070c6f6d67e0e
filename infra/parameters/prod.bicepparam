// Production for one ministry (5k-60k staff). For the whole civil service (~300k) on one
// deployment, raise postgresSkuName to Standard_D4ds_v5 and postgresStorageSizeGB to 512
// (infra/README.md, sizing). Identifiers and secrets come from the environment of the shell or
// pipeline that runs the deployment, never from this file:
//   KINMU_TEAMS_TENANT_ID, KINMU_BOT_APP_ID, KINMU_SSO_CLIENT_ID, KINMU_PG_ADMIN_PASSWORD,
//   KINMU_BOT_APP_PASSWORD, KINMU_SSO_CLIENT_SECRET (optional: empty leaves the Key Vault secret unchanged),
//   KINMU_PUBLIC_HOST_NAME (optional: a custom domain already bound to the web app).
using '../main.bicep'

param environmentName = 'prod'
param location = 'japaneast'
param tags = {
  owner: 'kinmu-prod'
}

param teamsTenantId = readEnvironmentVariable('KINMU_TEAMS_TENANT_ID')
param botAppId = readEnvironmentVariable('KINMU_BOT_APP_ID')
param botAppPassword = readEnvironmentVariable('KINMU_BOT_APP_PASSWORD', '')
param ssoClientId = readEnvironmentVariable('KINMU_SSO_CLIENT_ID')
param ssoClientSecret = readEnvironmentVariable('KINMU_SSO_CLIENT_SECRET', '')
param graphSyncEnabled = true
param publicHostName = readEnvironmentVariable('KINMU_PUBLIC_HOST_NAME', '')
param botSku = 'S1'

param appServicePlanSku = 'P1v3'
param appServiceZoneRedundant = true
param minInstances = 2
param maxInstances = 6

param logLevel = 'info'
param minGroupSize = 5
param botRatePerSecond = 50

param postgresVersion = '17'
param postgresSkuName = 'Standard_D2ds_v5'
param postgresSkuTier = 'GeneralPurpose'
param postgresStorageSizeGB = 128
param postgresZoneRedundantHa = true
param postgresBackupRetentionDays = 35
param postgresGeoRedundantBackup = true
param postgresAdminPassword = readEnvironmentVariable('KINMU_PG_ADMIN_PASSWORD')

param logRetentionDays = 90
param keyVaultPurgeProtection = true
