// Package builder is the admin side of Formloom: the packages below it describe an app as
// one JSON template (its forms, roles, permissions, views, dashboards and pipelines),
// check it, compile its parts and compare its versions. Nothing here speaks HTTP or
// touches a database; the server calls these packages and stores what they return.
package builder
