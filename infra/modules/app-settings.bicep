// The web app's app settings (environment variables of the Node process). This resource replaces
// the whole set on every deployment: a setting added by hand in the portal disappears at the next
// deployment, so add it to main.bicep instead.

@description('Name of the web app.')
param siteName string

@description('Setting name to value. Secrets appear only as @Microsoft.KeyVault(SecretUri=...) references.')
param settings object

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: siteName
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: settings
}
