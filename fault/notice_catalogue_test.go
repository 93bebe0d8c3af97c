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
	if w := fault.Notice("run.webhook_answer").Fill("status", 500).Fill("host", "hooks.example.com"); w.EN != "The webhook receiver hooks.example.com answered 500 instead of accepting the delivery." ||
		w.ZH != "Webhook 接收方 hooks.example.com 返回了 500，未接收这次推送。" {
		t.Fatalf("filled: %+v", w)
	}
	if n := fault.Notice("title.task"); n.In("zh-CN") != "新待办" || n.In("en") != "New task" {
		t.Fatalf("title.task: %+v", n)
	}
}
