// Linux App Service plan and the web app that runs the whole service (bot endpoint, tab API, tab
// static files, jobs). App settings are applied separately (app-settings.bicep), after the web
// app's identity has been allowed to read Key Vault.

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the App Service plan.')
param planName string

@description('Name of the web app; globally unique (it becomes <name>.azurewebsites.net).')
param siteName string

@description('Plan SKU, e.g. B1 (dev: VNet integration, no autoscale), P1v3 (production: autoscale, zone redundancy).')
param skuName string

@description('Instances the plan starts with (autoscale moves between minInstances and maxInstances).')
@minValue(1)
param instanceCount int

@description('Spread instances over availability zones (Premium v3 and up; needs at least 2 instances).')
param zoneRedundant bool

@description('Subnet for regional VNet integration (delegated to Microsoft.Web/serverFarms).')
param appSubnetId string

@description('Send all outbound traffic (Bot Connector, Graph, Entra) through the VNet. Only with a NAT gateway or firewall on the subnet, or outbound calls fail.')
param routeAllOutboundThroughVnet bool

@description('Startup command; must start the same entry point as the "serve" script in package.json.')
param startupCommand string

@description('Log Analytics workspace that receives console, HTTP and platform logs.')
param workspaceId string

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: instanceCount
  }
  properties: {
    reserved: true
    zoneRedundant: zoneRedundant
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: siteName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Stateless service: any instance can take any request, so no sticky sessions.
    clientAffinityEnabled: false
    // Teams clients and the Bot Connector call in from the internet; every call is authenticated
    // (Bot Framework JWT on /api/messages, Entra SSO token on /api/tab/*).
    publicNetworkAccess: 'Enabled'
    virtualNetworkSubnetId: appSubnetId
    outboundVnetRouting: {
      applicationTraffic: routeAllOutboundThroughVnet
    }
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      appCommandLine: startupCommand
      alwaysOn: true
      healthCheckPath: '/readyz'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      webSocketsEnabled: false
      remoteDebuggingEnabled: false
      use32BitWorkerProcess: false
    }
  }
}

// Deployments authenticate with Entra ID (az webapp deploy, azure/webapps-deploy with OIDC), not with
// publishing user names and passwords.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        // stdout/stderr of the Node process: the app's pino JSON lines.
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
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

output planId string = plan.id
output siteName string = site.name
output defaultHostName string = site.properties.defaultHostName
output principalId string = site.identity.principalId
