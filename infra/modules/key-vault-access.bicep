// Grants the web app's system-assigned identity "Key Vault Secrets User" (read secret values, nothing
// else) on the one vault. A module of its own because a role assignment's name must be known when
// the deployment starts, and the principal id exists only after the web app is created.

@description('Name of the vault (same resource group).')
param vaultName string

@description('Object id of the web app managed identity.')
param principalId string

// Built-in role "Key Vault Secrets User".
var keyVaultSecretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: vaultName
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: keyVaultSecretsUser
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
