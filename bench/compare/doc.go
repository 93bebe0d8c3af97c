// Command compare measures Formloom against PocketBase side by side over loopback HTTP.
//
// It starts both servers with fresh data directories (the binaries are given by flags; `make
// bench-compare` builds Formloom and installs PocketBase into a temporary folder at run time),
// creates the equivalent 14-field leads collection and form in each, seeds them, and then runs
// every case of docs/BENCHMARKS.md ("Side by side with PocketBase") against both, interleaved
// (Formloom first in odd repetitions, PocketBase first in even ones), several times. It prints
// each run and, per case, the medians and the median of the per-repetition Formloom/PocketBase
// ratios: absolute figures on a shared machine drift with its load, ratios much less.
//
// Nothing of PocketBase is part of this repository: only its HTTP API is spoken here.
package main
