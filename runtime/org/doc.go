// Package org holds tenants and their people: workspaces, memberships with a platform role
// (owner, admin, member), and each workspace's department tree with a head per department.
// Approvals ("department head", "manager chain") and data scopes ("my department and
// below") resolve against what this package stores.
package org
