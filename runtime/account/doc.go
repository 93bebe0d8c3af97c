// Package account holds people's identities and how they prove them: users with argon2id
// password hashes, server-side sessions with CSRF secrets, API tokens stored as hashes,
// one-time setup links for invited users, and login throttling per account and per address.
package account
