package access

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// holderCache keeps who holds which roles for orgTTL, under the policy version they were
// read at: a change made here builds a new version (new keys), one made elsewhere or to
// the org tree is seen within orgTTL — the same bound as decisions.
type holderCache struct {
	mu      sync.Mutex
	entries map[string]holderEntry
}

type holderEntry struct {
	ids     []string
	expires time.Time
}

func newHolderCache() *holderCache { return &holderCache{entries: map[string]holderEntry{}} }

// holders lists the members holding any of the app's roles (see loadHolders), cached.
func (s *Service) holders(ctx context.Context, ws, appID string, roles []string) ([]string, error) {
	var version int64
	if sn := s.snap.Load(); sn != nil {
		version = sn.version
	}
	key := strconv.FormatInt(version, 10) + "\x00" + ws + "\x00" + appID + "\x00" + strings.Join(roles, "\x00")
	now := s.now()
	s.holderCache.mu.Lock()
	e, ok := s.holderCache.entries[key]
	s.holderCache.mu.Unlock()
	if ok && now.Before(e.expires) {
		return slices.Clone(e.ids), nil
	}
	ids, err := s.loadHolders(ctx, ws, appID, roles)
	if err != nil {
		return nil, err
	}
	s.holderCache.mu.Lock()
	if len(s.holderCache.entries) >= 4096 {
		s.holderCache.entries = map[string]holderEntry{}
	}
	s.holderCache.entries[key] = holderEntry{ids: slices.Clone(ids), expires: now.Add(orgTTL)}
	s.holderCache.mu.Unlock()
	return ids, nil
}
