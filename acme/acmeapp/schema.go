package acmeapp

import (
	"context"
	"database/sql"
	"fmt"
)

// migration is a step of Acme's schema: the statements that take a
// database from version-1 to version, in each dialect. Steps are never
// edited once released: a change is a new step.
type migration struct {
	version          int
	what             string
	sqlite, postgres []string
}

// migrations returns Acme's schema, step by step.
//
// users.login and stuff.name are the keys whose unique constraints give
// the 409s; stuff.id keeps the creation order that GET /stuff lists.
func migrations() []migration {
	return []migration{{
		version: 1,
		what:    "users and their stuff",
		sqlite: []string{
			`CREATE TABLE users (
				login TEXT PRIMARY KEY,
				hash  TEXT NOT NULL,
				email TEXT NOT NULL,
				admin BOOLEAN NOT NULL DEFAULT FALSE)`,
			`CREATE TABLE stuff (
				id    INTEGER PRIMARY KEY AUTOINCREMENT,
				name  TEXT NOT NULL UNIQUE,
				owner TEXT NOT NULL REFERENCES users (login),
				price DOUBLE PRECISION NOT NULL)`,
			`CREATE INDEX stuff_owner ON stuff (owner, id)`,
		},
		postgres: []string{
			`CREATE TABLE users (
				login TEXT PRIMARY KEY,
				hash  TEXT NOT NULL,
				email TEXT NOT NULL,
				admin BOOLEAN NOT NULL DEFAULT FALSE)`,
			`CREATE TABLE stuff (
				id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				name  TEXT NOT NULL UNIQUE,
				owner TEXT NOT NULL REFERENCES users (login),
				price DOUBLE PRECISION NOT NULL)`,
			`CREATE INDEX stuff_owner ON stuff (owner, id)`,
		},
	}}
}

// SchemaVersion is the version of the schema this Acme migrates to.
func SchemaVersion() int {
	m := migrations()
	return m[len(m)-1].version
}

// migrationLock is the key of the PostgreSQL advisory lock that
// serializes the migrations of instances starting at once ("acme" in
// ASCII).
const migrationLock = 0x61636d65

// migrate brings the schema to SchemaVersion, in one transaction: on
// PostgreSQL under an advisory lock held until it ends, so that instances
// starting together migrate one after the other (the later ones find the
// work done); on SQLite under the write lock of BEGIN IMMEDIATE. Each step
// applied is recorded in acme_schema; running it again does nothing. A
// database of a later version is an error: this Acme would not know its
// tables.
func migrate(ctx context.Context, db *sql.DB, postgres bool) error {
	return inTx(ctx, db, func(tx *sql.Tx) error {
		if postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
				return fmt.Errorf("migration lock: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS acme_schema (
			version INTEGER PRIMARY KEY,
			what    TEXT NOT NULL)`); err != nil {
			return fmt.Errorf("schema table: %w", err)
		}
		var current int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM acme_schema`).Scan(&current); err != nil {
			return fmt.Errorf("schema version: %w", err)
		}
		if latest := SchemaVersion(); current > latest {
			return fmt.Errorf("schema version %d is newer than this acme's (%d)", current, latest)
		}
		for _, m := range migrations() {
			if m.version <= current {
				continue
			}
			statements := m.sqlite
			if postgres {
				statements = m.postgres
			}
			for _, s := range statements {
				if _, err := tx.ExecContext(ctx, s); err != nil {
					return fmt.Errorf("migration %d (%s): %w", m.version, m.what, err)
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO acme_schema (version, what) VALUES ($1, $2)`, m.version, m.what); err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.version, m.what, err)
			}
		}
		return nil
	})
}
