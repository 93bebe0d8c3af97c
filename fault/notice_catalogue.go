package fault

import "sort"

// noticeCatalogue holds the texts the server writes to people that are not errors, in both
// languages: the titles of notifications, the lines of the mail that carries them, what became
// of an automation run and the headers of a spreadsheet's meta columns. They are reviewed here with the errors'
// messages, but have no code: nothing maps them.
var noticeCatalogue = map[string]Text{
	"column.created":          {EN: "Created", ZH: "创建时间"},
	"column.record_id":        {EN: "Record ID", ZH: "记录ID"},
	"column.updated":          {EN: "Updated", ZH: "更新时间"},
	"mail.digest_title":       {EN: "Your Formloom digest", ZH: "Formloom 每日摘要"},
	"mail.open_record":        {EN: "Open the record", ZH: "打开记录"},
	"mail.test_text":          {EN: "The workspace's mail server works.", ZH: "工作区的邮件服务器可以正常发送。"},
	"mail.test_title":         {EN: "Formloom test message", ZH: "Formloom 测试邮件"},
	"run.condition_failed":    {EN: "The condition could not be evaluated: {reason}", ZH: "条件无法计算：{reason}"},
	"run.condition_false":     {EN: "The condition did not hold.", ZH: "条件不满足，未执行。"},
	"run.record_deleted":      {EN: "The record was deleted before the automation ran.", ZH: "自动化运行前记录已被删除。"},
	"run.too_many_targets":    {EN: "{count} records match the update; one run updates at most {limit}. Nothing was updated.", ZH: "符合条件的记录有 {count} 条，超过单次最多修改 {limit} 条的限制，未修改任何记录。"},
	"run.webhook_answer":      {EN: "The webhook receiver {host} answered {status} instead of accepting the delivery.", ZH: "Webhook 接收方 {host} 返回了 {status}，未接收这次推送。"},
	"run.webhook_unreachable": {EN: "The webhook receiver could not be reached: {reason}", ZH: "无法连接 Webhook 接收方：{reason}"},
	"text.finished_approved":  {EN: "Finished: approved", ZH: "流程已结束：已通过"},
	"text.finished_done":      {EN: "Finished: done", ZH: "流程已结束：已完成"},
	"text.finished_rejected":  {EN: "Finished: rejected", ZH: "流程已结束：已驳回"},
	"title.cc":                {EN: "Copied to you", ZH: "抄送给您"},
	"title.escalated":         {EN: "Escalated to you", ZH: "已升级给您"},
	"title.finished":          {EN: "Your record's pipeline finished", ZH: "您的流程已结束"},
	"title.mention":           {EN: "You were mentioned in a comment", ZH: "评论中有人提到了您"},
	"title.overdue":           {EN: "Overdue", ZH: "已超时"},
	"title.reminder":          {EN: "Due soon", ZH: "即将到期"},
	"title.returned":          {EN: "Returned to you", ZH: "记录被退回"},
	"title.task":              {EN: "New task", ZH: "新待办"},
	"title.urged":             {EN: "You are urged to act", ZH: "催办提醒"},
}

// Notice returns the text a notice catalogue key names. A key missing from the catalogue
// (TestNoticeKeysUsed finds it before it ships) gives the key itself, so that something
// is still said.
func Notice(key string) Text {
	if t, ok := noticeCatalogue[key]; ok {
		return t
	}
	return Text{EN: key, ZH: key}
}

// NoticeKeys lists the notice catalogue's keys, sorted.
func NoticeKeys() []string {
	out := make([]string, 0, len(noticeCatalogue))
	for key := range noticeCatalogue {
		out = append(out, key)
	}
	sort.Strings(out)
	return out
}

// LookupNotice returns the text of a notice catalogue key.
func LookupNotice(key string) (Text, bool) {
	t, ok := noticeCatalogue[key]
	return t, ok
}
