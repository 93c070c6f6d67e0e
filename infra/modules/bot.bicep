// Azure Bot registration: ties the bot's Entra app registration to the messaging endpoint and turns
// on the Microsoft Teams channel. The Bot resource itself is global; messages are handled by the
// web app in the deployment region.

@description('Bot handle; globally unique.')
param name string

@description('Tags applied to every resource.')
param tags object

@description('Display name shown in the Azure portal (the Teams name comes from the app manifest).')
param displayName string

@description('Application (client) id of the bot app registration.')
param appId string

@description('Tenant of the bot app registration (single tenant).')
param appTenantId string

@description('Messaging endpoint: https://<host>/api/messages.')
param endpoint string

@description('F0 is free and enough for Teams (a standard channel); S1 adds the paid-tier SLA.')
@allowed([
  'F0'
  'S1'
])
param sku string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: appId
    msaAppTenantId: appTenantId
    msaAppType: 'SingleTenant'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

output botName string = bot.name
