package fault_test

import (
	"regexp"
	"testing"

	"github.com/formloom/formloom/fault"
)

// TestNoticeKeysUsed: every notice key the code asks for is in the notice catalogue, every
// entry is asked for somewhere, and each says something in both languages.
func TestNoticeKeysUsed(t *testing.T) {
	t.Parallel()
	checkKeysUsed(t, regexp.MustCompile(`\bNotice\("([a-z_]+\.[a-z_0-9]+)"\)`), fault.NoticeKeys(), "fault/notice_catalogue.go",
		func(key string) bool { _, ok := fault.LookupNotice(key); return ok })
	for _, key := range fault.NoticeKeys() {
		if m, _ := fault.LookupNotice(key); m.EN == "" || m.ZH == "" {
			t.Errorf("%s: a language is missing: %+v", key, m)
		}
	}
	if n := fault.Notice("title.task"); n.In("zh-CN") != "新待办" || n.In("en") != "New task" {
		t.Fatalf("title.task: %+v", n)
	}
}
