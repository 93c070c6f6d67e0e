// Key Vault (Azure RBAC, no access policies) holding the three secrets the app needs. The web app
// reads them through Key Vault references in its app settings; nobody copies secret values into
// app settings, parameter files or the repository.

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Vault name; globally unique, 3-24 characters.')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Purge protection: a deleted vault or secret cannot be purged before the retention ends. Once on, it cannot be turned off.')
param purgeProtection bool

@description('Log Analytics workspace that receives the vault audit log.')
param workspaceId string

@description('Name of the secret holding the bot app registration client secret (MICROSOFT_APP_PASSWORD).')
param botPasswordSecretName string

@secure()
@description('Bot client secret. Empty: the secret is not written (it already exists, or is set with az keyvault secret set).')
param botAppPassword string

@description('Name of the secret holding the tab/API app registration client secret (SSO_CLIENT_SECRET: On-Behalf-Of, Graph org sync).')
param ssoClientSecretName string

@secure()
@description('Tab/API client secret. Empty: the secret is not written (it already exists, or is set with az keyvault secret set).')
param ssoClientSecret string

@description('Name of the secret holding DATABASE_URL.')
param databaseUrlSecretName string

@description('Fully qualified host name of the PostgreSQL server.')
param postgresFqdn string

@description('Database name.')
param databaseName string

@description('PostgreSQL login the app connects with.')
param postgresLogin string

@secure()
@description('Password of that login.')
param postgresPassword string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // The API refuses an explicit false once purge protection has been on, so leave it out instead.
    enablePurgeProtection: purgeProtection ? true : null
    // App Service resolves Key Vault references over the public endpoint unless outbound traffic is
    // routed through the VNet; see infra/README.md (hardening) for the private-endpoint variant.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource botPassword 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(botAppPassword)) {
  parent: vault
  name: botPasswordSecretName
  properties: {
    value: botAppPassword
    contentType: 'text/plain'
  }
}

resource ssoSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(ssoClientSecret)) {
  parent: vault
  name: ssoClientSecretName
  properties: {
    value: ssoClientSecret
    contentType: 'text/plain'
  }
}

// verify-full: node-postgres checks the certificate chain and the host name; Flexible Server's
// certificates chain to roots that Node.js ships (DigiCert Global Root G2, Microsoft RSA Root CA 2017).
resource databaseUrl 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: databaseUrlSecretName
  properties: {
    value: 'postgres://${uriComponent(postgresLogin)}:${uriComponent(postgresPassword)}@${postgresFqdn}:5432/${databaseName}?sslmode=verify-full'
    contentType: 'text/plain'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

output vaultName string = vault.name
// Ends with a slash: https://<name>.vault.azure.net/
output vaultUri string = vault.properties.vaultUri
