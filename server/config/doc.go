// Package config reads Formloom's configuration once, from environment variables and the
// flags that mirror them (a flag wins over its variable), into one Config passed down from
// main. Nothing else reads the environment.
package config
