package notify

import (
	"context"
	"sync"
	"time"
)

// idleFor is how long a workspace read without channels is taken to have none. Saving
// settings through this service forgets it at once; another instance's save (several
// servers on one MongoDB) is seen after at most this long.
const idleFor = 30 * time.Second

// maxIdle bounds the workspaces remembered; past it the memory starts over.
const maxIdle = 10000

// idleWorkspaces remembers the workspaces found without channels (the common case), so
// that a notification there reads no settings: an approval that tells two people read
// them twice in the step's transaction.
type idleWorkspaces struct {
	mu    sync.Mutex
	seen  map[string]time.Time // workspace → when it was read without channels
	saves uint64               // settings saved so far: a read older than a save is not kept
}

func (c *idleWorkspaces) idle(ws string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.seen[ws]
	return ok && time.Since(at) < idleFor
}

// before returns what remember needs to know that no save came between the read and it.
func (c *idleWorkspaces) before() (time.Time, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now(), c.saves
}

func (c *idleWorkspaces) remember(ws string, at time.Time, saves uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if saves != c.saves {
		return // settings were saved meanwhile: the read may predate them
	}
	if c.seen == nil || len(c.seen) >= maxIdle {
		c.seen = map[string]time.Time{}
	}
	c.seen[ws] = at
}

func (c *idleWorkspaces) forget(ws string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.seen, ws)
	c.saves++
}

// channels reads a workspace's channels for a notification; ok is false when it has none.
func (s *Service) channels(ctx context.Context, ws string) (sd settingsDoc, ok bool, err error) {
	if s.idle.idle(ws) {
		return settingsDoc{}, false, nil
	}
	at, saves := s.idle.before()
	sd, _, err = s.load(ctx, ws)
	if err != nil {
		return settingsDoc{}, false, err
	}
	if sd.SMTP == nil && len(sd.Robots) == 0 {
		s.idle.remember(ws, at, saves)
		return sd, false, nil
	}
	return sd, true, nil
}
