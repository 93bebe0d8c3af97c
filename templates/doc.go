// Package templates holds the starter templates that ship inside the binary (lead
// management, meeting minutes, contract approval, goal tracking, task priority) and the
// gallery: the starter templates plus the templates a workspace saved by cloning an app or
// importing a file. The gallery is what runtime/apps installs from.
package templates
