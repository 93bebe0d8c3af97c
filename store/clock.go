package store

import (
	"context"
	"time"
)

// ServerClock is implemented by engines that can tell the database server's time. Every
// instance of the app reads the same clock there, so leases measured with it hold whatever
// the instances' own clocks say. Engines without it (the embedded SQLite, one host) use
// the local clock.
type ServerClock interface {
	ServerTime(ctx context.Context) (time.Time, error)
}
