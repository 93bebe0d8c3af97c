// Package pipeline is the pipeline part of the template format: the definitions of
// pipelines (nodes, edges, assignees, approval modes, field rules, deadlines), of
// automations and of the business calendar, and the checks that make sure a definition
// can run — a well-formed graph whose nodes are all reachable and lead to an end, joins
// that match their splits, and references to roles, fields and forms that exist.
//
// The engine that runs them is runtime/flow.
package pipeline
