// Application Insights (traces and the app's OpenTelemetry metrics, kept in the Log Analytics
// workspace that also holds the container's logs) and the alert rules on those metrics, mailed to
// the action group. The metric names are
// the app's instruments (docs/operations.md describes each); Application Insights keeps them in
// its customMetrics table, which the rules query every five minutes.

@description('Azure region.')
param location string

@description('Prefix for the resource names.')
param resourceBaseName string

@description('The Log Analytics workspace Application Insights keeps its data in.')
param logAnalyticsWorkspaceId string

@description('Where alerts are mailed; empty for none (the alerts still show in the portal).')
param alertEmail string

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-appi'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalyticsWorkspaceId
    // Telemetry arrives with the connection string only (no instrumentation key alone).
    DisableLocalAuth: false
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${resourceBaseName}-alerts'
  location: 'global'
  properties: {
    groupShortName: 'cpdisputes'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'operations'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

// One rule per condition a person must act on. `metric` is the instrument's name; `aggregate`
// reduces its rows over the whole window: the largest value of a gauge, the smallest (a gauge that
// stays high for the whole window), the sum of a counter, or a histogram's mean.
var alertRules = [
  {
    name: 'outbox-dead'
    metric: 'cp_disputes.outbox.dead'
    description: 'A notification was given up after its last retry: the chair was told, but someone may not have been.'
    severity: 1
    aggregate: 'max(valueMax)'
    operator: 'GreaterThan'
    threshold: 0
    window: 'PT15M'
  }
  {
    name: 'outbox-stuck'
    metric: 'cp_disputes.outbox.oldest_age_seconds'
    description: 'The oldest undelivered notification has waited over 15 minutes: Teams, Graph or the worker is failing.'
    severity: 2
    aggregate: 'max(valueMax)'
    operator: 'GreaterThan'
    threshold: 900
    window: 'PT15M'
  }
  {
    name: 'outbox-backlog'
    metric: 'cp_disputes.outbox.pending'
    description: 'Over 500 notifications are waiting to be delivered.'
    severity: 3
    aggregate: 'min(valueMin)'
    operator: 'GreaterThan'
    threshold: 500
    window: 'PT30M'
  }
  {
    name: 'deadlines-stale'
    metric: 'cp_disputes.deadlines.stale'
    description: 'A deadline passed and has not been acted on: escalations and reminders are late.'
    severity: 1
    aggregate: 'max(valueMax)'
    operator: 'GreaterThan'
    threshold: 0
    window: 'PT15M'
  }
  {
    name: 'sweep-lag'
    metric: 'cp_disputes.sweep.lag_seconds'
    description: 'The deadline sweep has not completed for over 10 minutes.'
    severity: 2
    aggregate: 'max(valueMax)'
    operator: 'GreaterThan'
    threshold: 600
    window: 'PT15M'
  }
  {
    name: 'deliveries-failing'
    metric: 'cp_disputes.deliveries.failed'
    description: 'More than 10 delivery attempts failed in 15 minutes (retries continue; see the channel).'
    severity: 3
    aggregate: 'sum(valueSum)'
    operator: 'GreaterThan'
    threshold: 10
    window: 'PT15M'
  }
  {
    name: 'card-actions-slow'
    metric: 'cp_disputes.card_action.duration'
    description: 'Card actions took over 5 seconds on average: people wait, and Teams gives up at about 15.'
    severity: 3
    aggregate: 'sum(valueSum) / sum(valueCount)'
    operator: 'GreaterThan'
    threshold: 5000
    window: 'PT15M'
  }
]

resource rules 'Microsoft.Insights/scheduledQueryRules@2022-06-15' = [
  for rule in alertRules: {
    name: '${resourceBaseName}-${rule.name}'
    location: location
    properties: {
      displayName: 'CP Disputes: ${rule.name}'
      description: rule.description
      severity: rule.severity
      enabled: true
      evaluationFrequency: 'PT5M'
      windowSize: rule.window
      scopes: [insights.id]
      criteria: {
        allOf: [
          {
            query: 'customMetrics | where name == "${rule.metric}" | summarize v = ${rule.aggregate}'
            timeAggregation: 'Maximum'
            metricMeasureColumn: 'v'
            operator: rule.operator
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [actionGroup.id]
      }
    }
  }
]

// No metric at all for 15 minutes: no instance is running (or none can reach Application Insights).
resource silent 'Microsoft.Insights/scheduledQueryRules@2022-06-15' = {
  name: '${resourceBaseName}-no-telemetry'
  location: location
  properties: {
    displayName: 'CP Disputes: no-telemetry'
    description: 'No CP Disputes metric arrived for 15 minutes: the app is down, or cannot send telemetry.'
    severity: 1
    enabled: true
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    scopes: [insights.id]
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name startswith "cp_disputes."'
          timeAggregation: 'Count'
          operator: 'Equal'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [actionGroup.id]
    }
  }
}

output applicationInsightsName string = insights.name
output applicationInsightsConnectionString string = insights.properties.ConnectionString
