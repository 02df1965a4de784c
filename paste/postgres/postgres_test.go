package postgres_test

import (
	"context"
	"os"
	"testing"

	"github.com/shine-blog/shine/paste"
	"github.com/shine-blog/shine/paste/postgres"
	"github.com/shine-blog/shine/paste/storetest"
)

// TestConformance runs the store suite on the PostgreSQL named by
// $SHINE_TEST_POSTGRES, each test in a schema of its own.
func TestConformance(t *testing.T) {
	url := os.Getenv("SHINE_TEST_POSTGRES")
	if url == "" {
		t.Skip("SHINE_TEST_POSTGRES is not set; set it to a postgres:// URL to run the PostgreSQL store tests")
	}
	storetest.Run(t, storetest.Backend{
		New: func(t *testing.T) (paste.Store, func() (paste.Store, error)) {
			schema := "paste_test_" + paste.NewID()
			t.Cleanup(func() {
				if err := postgres.DropSchema(context.Background(), url, schema); err != nil {
					t.Errorf("drop schema %s: %v", schema, err)
				}
			})
			open := func() (paste.Store, error) {
				return postgres.Open(context.Background(), url, postgres.Options{Schema: schema})
			}
			s, err := open()
			if err != nil {
				t.Fatal(err)
			}
			return s, open
		},
	})
}
