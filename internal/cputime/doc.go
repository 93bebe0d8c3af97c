// Package cputime reads how much CPU time the process has used. Benchmarks report it per
// operation beside ns/op: on a machine whose cores are shared, wall time includes waiting
// for a core, while CPU time is the work itself.
package cputime
