// Package access decides who may do what with an app's records: the records.Access that
// the server wires in.
//
// Policies are Casbin RBAC with domains (model.conf, embedded; the domain is the workspace).
// A template's permissions compile into p rules (appID:role, workspace, appID:form or, for
// manage, appID, action); role assignments into g rules (user ID or "dept:"+department ID,
// appID:role, workspace). Both are stored through Adapter (adapter.go) in the casbin_rules
// collection: p rules when a version is published, g rules in the same transaction as the
// assignment (kept in role_assignments too, for listing). Each process holds one snapshot of the
// policy (an enforcer per workspace, so a decision scans only its workspace's rules, plus a
// cache of decisions); a new snapshot is built off to the side and swapped in atomically,
// so requests never wait for a reload (except a request about an app version the process
// has not seen yet, which builds that workspace's enforcer first).
//
// The rules, in order:
//   - workspace owners and admins may do everything (they design the app);
//   - an app whose latest version declares no permissions keeps the open default: every
//     member may create, read, update, delete and export, and only owners and admins migrate;
//   - otherwise a member may do what the permissions of their roles grant, roles held
//     directly or through any of their own departments or a department above them,
//     combined as a union; everything else is denied (403), and a record outside every
//     granting scope is not found (404);
//   - a role granted manage (a permission without a form) designs its app like an admin
//     (apps asks through apps.Access, which Service implements).
//
// Data scopes compile into store filters over the stored record: own is the record's owner
// (its creator unless reassigned); department is records whose owner is a member of one of
// the actor's departments; departmentTree adds those departments' sub-departments; a filter
// scope is the template's query-language filter with currentUser, currentDepartments,
// today (UTC) and now. A field is hidden when every granting permission hides it.
//
// Changes take effect at once in the process that made them and, in other processes on
// the same database, within a second: assignments bump a counter document that each busy
// process reads in the background every 250 ms (and before answering when its last look is
// older than 750 ms); a newly published app version is noticed on the first request that
// resolves it. RoleMembers and AppManagers answer from the stored rules.
package access
