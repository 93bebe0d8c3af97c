// Package apps is the life of an app in a workspace: created from a template definition,
// designed as an editable draft, published as immutable numbered versions, exported. It also
// hands the runtime a compiled version (checked template plus compiled forms), cached per
// process: versions never change, so the cache needs no invalidation.
package apps
