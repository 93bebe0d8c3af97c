// Package api is Formloom's HTTP layer on Fiber: routes, middleware (request IDs, access
// logs, security headers, authentication, CSRF), strict JSON input, and the single error
// shape every failure is reported in. Handlers parse input, call one domain function and map
// its result; they never touch the database.
package api
