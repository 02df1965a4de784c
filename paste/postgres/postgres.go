// Package postgres stores pastes in PostgreSQL through github.com/jackc/pgx,
// so that any number of shine paste servers can share one database. Open
// creates or migrates the schema; migrations take an advisory lock so that
// servers starting together do not race.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shine-blog/shine/paste"
)

// migrations are applied in order; the schema_version table records how
// many have run. Never edit one that has shipped: append a new one.
var migrations = []string{
	`CREATE TABLE pastes (
		id          text PRIMARY KEY,
		content     bytea NOT NULL,
		lang        text NOT NULL DEFAULT '',
		filename    text NOT NULL DEFAULT '',
		burn        boolean NOT NULL DEFAULT false,
		created_at  timestamptz NOT NULL,
		expires_at  timestamptz,
		delete_hash bytea NOT NULL
	);
	CREATE INDEX pastes_expires_at ON pastes (expires_at) WHERE expires_at IS NOT NULL`,
	// 2: moderation. A taken-down paste leaves its id behind for good.
	`CREATE TABLE paste_reports (
		seq        bigserial PRIMARY KEY,
		paste_id   text NOT NULL,
		reason     text NOT NULL,
		created_at timestamptz NOT NULL
	);
	CREATE INDEX paste_reports_paste_id ON paste_reports (paste_id);
	CREATE TABLE paste_takedowns (
		id       text PRIMARY KEY,
		reason   text NOT NULL,
		taken_at timestamptz NOT NULL
	);
	CREATE TABLE paste_bans (
		hash      bytea PRIMARY KEY,
		reason    text NOT NULL,
		banned_at timestamptz NOT NULL
	)`,
}

// migrateLock is the pg_advisory_xact_lock key that serialises migrations
// ("shine" in ASCII, then 1 for the paste service).
const migrateLock = 0x7368696e6501

// Store is a paste.Store on PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
}

var _ paste.Store = (*Store)(nil)

// Options tune Open.
type Options struct {
	// Schema, if set, is created if missing and used as the search path,
	// so that several services or tests can share one database.
	Schema string
	// MaxConns bounds the connection pool; 0 leaves pgx's default.
	MaxConns int32
}

// Open connects to the database at url (a postgres:// URL or key=value
// string) and brings its schema up to date.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	if opts.Schema != "" {
		// Quoted, so that the schema name keeps its case.
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{opts.Schema}.Sanitize()
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	s := &Store{pool: pool}
	if err := s.migrate(ctx, opts.Schema); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context, schema string) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrateLock)); err != nil {
			return fmt.Errorf("lock for migration: %w", err)
		}
		if schema != "" {
			if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()); err != nil {
				return fmt.Errorf("create schema %s: %w", schema, err)
			}
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS paste_schema_version (version integer NOT NULL)`); err != nil {
			return fmt.Errorf("create version table: %w", err)
		}
		var version int
		err := tx.QueryRow(ctx, `SELECT version FROM paste_schema_version`).Scan(&version)
		if errors.Is(err, pgx.ErrNoRows) {
			if _, err := tx.Exec(ctx, `INSERT INTO paste_schema_version VALUES (0)`); err != nil {
				return fmt.Errorf("init version table: %w", err)
			}
		} else if err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if version > len(migrations) {
			return fmt.Errorf("database schema version %d is newer than this shine knows (%d): upgrade shine", version, len(migrations))
		}
		for i := version; i < len(migrations); i++ {
			if _, err := tx.Exec(ctx, migrations[i]); err != nil {
				return fmt.Errorf("migration %d: %w", i+1, err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE paste_schema_version SET version = $1`, len(migrations)); err != nil {
			return fmt.Errorf("record schema version: %w", err)
		}
		return nil
	})
}

// Close closes the connection pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// classify marks PostgreSQL's disk_full (SQLSTATE 53100) as
// paste.ErrStorageFull, which the server answers with 507.
func classify(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "53100" {
		return fmt.Errorf("%w: %w", paste.ErrStorageFull, err)
	}
	return err
}

// Create implements paste.Store. The primary key refuses a second paste
// with the same id, whichever server tries it.
func (s *Store) Create(ctx context.Context, p *paste.Paste) error {
	if err := p.Validate(); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO pastes (id, content, lang, filename, burn, created_at, expires_at, delete_hash)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8
		WHERE NOT EXISTS (SELECT 1 FROM paste_takedowns WHERE id = $1)
		ON CONFLICT (id) DO NOTHING`,
		p.ID, p.Content, p.Lang, p.Filename, p.Burn, p.CreatedAt, nullTime(p.ExpiresAt), p.DeleteHash)
	if err != nil {
		return fmt.Errorf("insert paste: %w", classify(err))
	}
	if tag.RowsAffected() == 0 {
		return paste.ErrExists
	}
	return nil
}

const columns = `id, content, lang, filename, burn, created_at, expires_at, delete_hash`

func scan(row pgx.Row) (*paste.Paste, error) {
	var p paste.Paste
	var exp *time.Time
	err := row.Scan(&p.ID, &p.Content, &p.Lang, &p.Filename, &p.Burn, &p.CreatedAt, &exp, &p.DeleteHash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, paste.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if exp != nil {
		p.ExpiresAt = *exp
	}
	if p.Content == nil {
		p.Content = []byte{}
	}
	return &p, nil
}

// Get implements paste.Store.
func (s *Store) Get(ctx context.Context, id string) (*paste.Paste, error) {
	p, err := scan(s.pool.QueryRow(ctx, `SELECT `+columns+` FROM pastes
		WHERE id = $1 AND (expires_at IS NULL OR expires_at > $2)`, id, time.Now()))
	if errors.Is(err, paste.ErrNotFound) {
		return nil, s.missing(ctx, id)
	}
	if err != nil {
		return nil, fmt.Errorf("get paste: %w", err)
	}
	return p, nil
}

// missing tells why there is no paste id: ErrGone if it was taken down,
// else ErrNotFound.
func (s *Store) missing(ctx context.Context, id string) error {
	var gone bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM paste_takedowns WHERE id = $1)`, id).Scan(&gone)
	if err != nil {
		return fmt.Errorf("get paste: %w", err)
	}
	if gone {
		return paste.ErrGone
	}
	return paste.ErrNotFound
}

// Reveal implements paste.Store: a burn-after-reading paste is read by the
// DELETE … RETURNING that removes it, so one statement decides the winner.
func (s *Store) Reveal(ctx context.Context, id string) (*paste.Paste, error) {
	p, err := scan(s.pool.QueryRow(ctx, `DELETE FROM pastes
		WHERE id = $1 AND burn AND (expires_at IS NULL OR expires_at > $2)
		RETURNING `+columns, id, time.Now()))
	if errors.Is(err, paste.ErrNotFound) {
		// Not a burn paste (those cannot change kind), or gone.
		p, err = s.Get(ctx, id)
		if err == nil && p.Burn {
			return nil, paste.ErrNotFound // burnt by someone else in between
		}
		return p, err
	}
	if err != nil {
		return nil, fmt.Errorf("reveal paste: %w", err)
	}
	return p, nil
}

// Delete implements paste.Store. The row is locked while the token is
// compared in Go, in constant time.
func (s *Store) Delete(ctx context.Context, id, token string) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var hash []byte
		err := tx.QueryRow(ctx, `SELECT delete_hash FROM pastes
			WHERE id = $1 AND (expires_at IS NULL OR expires_at > $2) FOR UPDATE`, id, time.Now()).Scan(&hash)
		if errors.Is(err, pgx.ErrNoRows) {
			return s.missing(ctx, id)
		}
		if err != nil {
			return fmt.Errorf("delete paste: %w", err)
		}
		if !paste.TokenMatches(hash, token) {
			return paste.ErrBadToken
		}
		if _, err := tx.Exec(ctx, `DELETE FROM pastes WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete paste: %w", err)
		}
		return nil
	})
}

// Sweep implements paste.Store. Several servers may sweep at once; each row
// goes once.
func (s *Store) Sweep(ctx context.Context, now time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM pastes WHERE expires_at <= $1`, now)
	if err != nil {
		return 0, fmt.Errorf("sweep: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// AddReport implements paste.Store.
func (s *Store) AddReport(ctx context.Context, r paste.Report) error {
	tag, err := s.pool.Exec(ctx, `INSERT INTO paste_reports (paste_id, reason, created_at)
		SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM pastes
			WHERE id = $1 AND (expires_at IS NULL OR expires_at > $4))`,
		r.PasteID, r.Reason, r.CreatedAt, time.Now())
	if err != nil {
		return fmt.Errorf("add report: %w", classify(err))
	}
	if tag.RowsAffected() == 0 {
		return s.missing(ctx, r.PasteID)
	}
	return nil
}

// Reports implements paste.Store.
func (s *Store) Reports(ctx context.Context) ([]paste.Report, error) {
	rows, err := s.pool.Query(ctx, `SELECT paste_id, reason, created_at FROM paste_reports ORDER BY created_at, seq`)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (paste.Report, error) {
		var r paste.Report
		err := row.Scan(&r.PasteID, &r.Reason, &r.CreatedAt)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	return out, nil
}

// TakeDown implements paste.Store: the paste's row goes and its id stays
// in paste_takedowns, in one transaction.
func (s *Store) TakeDown(ctx context.Context, id, reason string, at time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM pastes WHERE id = $1 AND (expires_at IS NULL OR expires_at > $2)`, id, time.Now())
		if err != nil {
			return fmt.Errorf("take down: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return s.missing(ctx, id)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO paste_takedowns (id, reason, taken_at) VALUES ($1, $2, $3)`, id, reason, at); err != nil {
			return fmt.Errorf("take down: %w", classify(err))
		}
		if _, err := tx.Exec(ctx, `DELETE FROM paste_reports WHERE paste_id = $1`, id); err != nil {
			return fmt.Errorf("take down: %w", err)
		}
		return nil
	})
}

// Ban implements paste.Store.
func (s *Store) Ban(ctx context.Context, hash []byte, reason string, at time.Time) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO paste_bans (hash, reason, banned_at) VALUES ($1, $2, $3)
		ON CONFLICT (hash) DO NOTHING`, hash, reason, at)
	if err != nil {
		return fmt.Errorf("ban: %w", classify(err))
	}
	return nil
}

// Banned implements paste.Store.
func (s *Store) Banned(ctx context.Context, hash []byte) (bool, error) {
	var banned bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM paste_bans WHERE hash = $1)`, hash).Scan(&banned)
	if err != nil {
		return false, fmt.Errorf("check ban: %w", err)
	}
	return banned, nil
}

// DropSchema drops schema and everything in it; tests use it to clean up.
func DropSchema(ctx context.Context, url, schema string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`)
	return err
}
