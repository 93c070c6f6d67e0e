// Virtual network: one subnet for the web app's outbound VNet integration, one delegated to the
// PostgreSQL Flexible Server, and the private DNS zone through which the app finds the server.

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the virtual network.')
param vnetName string

@description('Address space of the virtual network.')
param addressPrefix string

@description('Subnet for App Service VNet integration (delegated to Microsoft.Web/serverFarms; /26 or larger recommended for scale-out).')
param appSubnetPrefix string

@description('Subnet delegated to PostgreSQL Flexible Server (nothing else may live in it).')
param dbSubnetPrefix string

@description('Name of the private DNS zone; it must end with .postgres.database.azure.com.')
param postgresDnsZoneName string

var appSubnetName = 'snet-app'
var dbSubnetName = 'snet-postgres'

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'app-service'
              properties: {
                serviceName: 'Microsoft.Web/serverFarms'
              }
            }
          ]
        }
      }
      {
        name: dbSubnetName
        properties: {
          addressPrefix: dbSubnetPrefix
          delegations: [
            {
              name: 'postgres-flexible-server'
              properties: {
                serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers'
              }
            }
          ]
        }
      }
    ]
  }
}

resource postgresDnsZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: postgresDnsZoneName
  location: 'global'
  tags: tags
}

// The server registers its A record here; the web app resolves it through the linked VNet.
resource postgresDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: postgresDnsZone
  name: '${vnetName}-link'
  location: 'global'
  tags: tags
  properties: {
    virtualNetwork: {
      id: vnet.id
    }
    registrationEnabled: false
  }
}

// A module's outputs exist only once all of it is deployed, so whoever uses them (the server) waits
// for the DNS link as well: the server must not be created before its zone is linked to the VNet.
output vnetId string = vnet.id
output appSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, appSubnetName)
output dbSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, dbSubnetName)
output postgresDnsZoneId string = postgresDnsZone.id
