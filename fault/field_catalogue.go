package fault

import (
	"fmt"
	"sort"
	"strings"
)

// fieldCatalogue holds the messages of the problems with one field, in both languages,
// keyed "code.variant": the field's code is the part before the dot, the variant says which
// field or case (several messages share a code, such as required). Code builds them with
// FieldOf and WithFieldOf instead of writing the two texts where it fails.
var fieldCatalogue = map[string]Text{
	"additionalProperties.value":    {EN: "Unknown field.", ZH: "未知字段。"},
	"ambiguous.name_cell":           {EN: "Several match {value}: use an e-mail, a path or a serial number.", ZH: "“{value}”对应多个对象，请使用邮箱、路径或编号。"},
	"ambiguous_column.header":       {EN: "Column {name} ({shown}) could be several fields; write it as “label (key)”.", ZH: "第 {name} 列（“{shown}”）可能对应多个字段；请写成“名称 (标识)”。"},
	"anyOf.value":                   {EN: "Does not match any of the allowed forms.", ZH: "不符合任何一种允许的填写方式。"},
	"bad_expr.formula":              {EN: "The formula cannot be compiled: {reason}", ZH: "公式无法编译：{reason}"},
	"bad_resolution.resolve":        {EN: "Each resolution must name a reported conflict's pointer and local or remote.", ZH: "每项处理须对应一个冲突位置，并选择 local 或 remote。"},
	"bad_value.cursor":              {EN: "The cursor is not valid.", ZH: "游标无效。"},
	"bad_value.date":                {EN: "Give the date as YYYY-MM-DD.", ZH: "日期格式应为 YYYY-MM-DD。"},
	"bad_value.date_order":          {EN: "The end date is before the start date.", ZH: "结束日期早于开始日期。"},
	"bad_value.events":              {EN: "Choose email or robot.", ZH: "请选择邮件或机器人。"},
	"bad_value.from":                {EN: "A sender address such as Formloom <noreply@example.com>.", ZH: "请填写发件人地址，例如 Formloom <noreply@example.com>。"},
	"bad_value.host":                {EN: "The mail server's host name.", ZH: "请填写邮件服务器的主机名。"},
	"bad_value.lang":                {EN: "zh-CN or en.", ZH: "请选择 zh-CN 或 en。"},
	"bad_value.limit":               {EN: "Use 1 to {max}.", ZH: "请使用 1 到 {max}。"},
	"bad_value.port":                {EN: "A port from 1 to 65535 (usually 587 or 465).", ZH: "端口为 1 到 65535（通常为 587 或 465）。"},
	"bad_value.quiet_from":          {EN: "A time such as 22:00.", ZH: "请填写时间，例如 22:00。"},
	"bad_value.quiet_to":            {EN: "A time such as 08:00.", ZH: "请填写时间，例如 08:00。"},
	"bad_value.secret":              {EN: "WeCom robots have no signing secret.", ZH: "企业微信机器人没有签名密钥。"},
	"bad_value.security":            {EN: "Choose STARTTLS, TLS or none.", ZH: "请选择 STARTTLS、TLS 或不加密。"},
	"bad_value.vendor":              {EN: "Choose DingTalk, WeCom or Feishu.", ZH: "请选择钉钉、企业微信或飞书。"},
	"changed_both.upgrade":          {EN: "Changed both in the app and in the new template version.", ZH: "应用与新版模板都修改了此处。"},
	"conflict.extra_workday":        {EN: "This date is also a holiday.", ZH: "该日期同时被设为节假日。"},
	"const.value":                   {EN: "Must be {value}.", ZH: "必须是 {value}。"},
	"contains.value":                {EN: "Does not contain a required item.", ZH: "缺少必需的项。"},
	"cycle.parent":                  {EN: "A department cannot be placed under itself or its own sub-department.", ZH: "部门不能放到自身或其下级部门之下。"},
	"date.calendar":                 {EN: "Use a date such as 2026-10-01.", ZH: "请使用日期格式，例如 2026-10-01。"},
	"duplicate.earlier_row":         {EN: "The same value as row {line}; it must be unique.", ZH: "与第 {line} 行的值重复；该字段必须唯一。"},
	"duplicate.unique":              {EN: "Another record already has this value.", ZH: "已有记录使用了该值。"},
	"duplicate.weekday":             {EN: "This weekday is listed twice.", ZH: "该工作日重复。"},
	"duplicate_column.header":       {EN: "Column {name} ({shown}) names the same field as column {prev}.", ZH: "第 {name} 列（“{shown}”）与第 {prev} 列对应同一字段。"},
	"email.address":                 {EN: "Enter a valid e-mail address.", ZH: "请输入有效的电子邮箱地址。"},
	"enum.option_cell":              {EN: "{value} is not one of the options ({options}).", ZH: "“{value}”不是可选项（可选：{options}）。"},
	"enum.role":                     {EN: "Choose owner, admin or member.", ZH: "角色须为 owner、admin 或 member。"},
	"enum.value":                    {EN: "Must be one of the options.", ZH: "请选择有效的选项。"},
	"exclusiveMaximum.value":        {EN: "Must be less than {limit}.", ZH: "必须小于 {limit}。"},
	"exclusiveMinimum.value":        {EN: "Must be greater than {limit}.", ZH: "必须大于 {limit}。"},
	"format.date_cell":              {EN: "{value} is not a date such as 2026-05-01.", ZH: "“{value}”不是有效的日期，应如 2026-05-01。"},
	"format.datetime_cell":          {EN: "{value} is not a date and time such as 2026-05-01 09:30.", ZH: "“{value}”不是有效的日期时间，应如 2026-05-01 09:30。"},
	"format.end":                    {EN: "Use HH:MM, 00:00 to 24:00.", ZH: "请使用 HH:MM 格式（00:00–24:00）。"},
	"format.start":                  {EN: "Use HH:MM, 00:00 to 23:59.", ZH: "请使用 HH:MM 格式（00:00–23:59）。"},
	"format.value":                  {EN: "Must be in the {format} format.", ZH: "格式应为 {format}。"},
	"format.value_date":             {EN: "Must be a date (YYYY-MM-DD).", ZH: "请输入有效的日期（YYYY-MM-DD）。"},
	"format.value_datetime":         {EN: "Must be a date and time, such as 2026-05-01T09:30:00+08:00.", ZH: "请输入有效的日期时间，如 2026-05-01T09:30:00+08:00。"},
	"format.value_email":            {EN: "Must be an email address.", ZH: "请输入有效的邮箱地址。"},
	"format.value_uri":              {EN: "Must be a web address, such as https://example.com.", ZH: "请输入有效的网址，如 https://example.com。"},
	"formula_budget.work":           {EN: "The formula would process more than 1 MB of text for this record.", ZH: "该记录的公式计算需要处理超过 1 MB 的文本。"},
	"formula_too_long.result":       {EN: "The formula's result is longer than 64 KB.", ZH: "公式的结果超过 64 KB。"},
	"invalid.action":                {EN: "Bulk actions are approve, complete and reject.", ZH: "批量操作只能是同意、完成或驳回。"},
	"invalid.add_has_task":          {EN: "That member already has a task on this step.", ZH: "该成员在此节点已有待办。"},
	"invalid.add_other_member":      {EN: "Add another member of the workspace.", ZH: "请添加本工作区的其他成员。"},
	"invalid.copy_members":          {EN: "Name 1 to 50 members to copy.", ZH: "请指定 1 至 50 名抄送成员。"},
	"invalid.items":                 {EN: "Give 1 to 100 records.", ZH: "请提供 1 至 100 条记录。"},
	"invalid.mentions":              {EN: "Mention at most 50 members.", ZH: "最多提及 50 名成员。"},
	"invalid.position":              {EN: "Position is before or after.", ZH: "位置须为 before 或 after。"},
	"invalid.record_unvalidated":    {EN: "The record cannot be validated.", ZH: "无法校验该记录。"},
	"invalid.return_to_earlier":     {EN: "Return only to an earlier approval or task step, or to the start.", ZH: "只能退回到之前的审批或办理节点，或发起人。"},
	"invalid.return_to_named":       {EN: "This step returns only to the steps its settings name.", ZH: "此节点只能退回到其设置中指定的节点。"},
	"invalid.transfer_has_task":     {EN: "That member already has this task.", ZH: "该成员已有此待办。"},
	"invalid.transfer_to_other":     {EN: "Transfer to another member of the workspace.", ZH: "请转交给本工作区的其他成员。"},
	"invalid_value.const":           {EN: "The constant is not a JSON value that can be stored.", ZH: "常量不是可保存的 JSON 值。"},
	"inverted.period":               {EN: "The end must be after the start.", ZH: "结束时间必须晚于开始时间。"},
	"lone_surrogate.value":          {EN: "Text contains a lone UTF-16 surrogate (\\ud800–\\udfff).", ZH: "文本包含不成对的 UTF-16 代理项（\\ud800–\\udfff）。"},
	"maxItems.value":                {EN: "Must have at most {limit} {items}.", ZH: "最多 {limit} {items}。"},
	"maxLength.value":               {EN: "Must be at most {limit} characters.", ZH: "最多 {limit} 个字符。"},
	"maxLength.value_one":           {EN: "Must be at most 1 character.", ZH: "最多 1 个字符。"},
	"maxProperties.value":           {EN: "Must have at most {limit} fields filled in.", ZH: "最多填写 {limit} 项。"},
	"maxProperties.value_one":       {EN: "Must have at most 1 field filled in.", ZH: "最多填写 1 项。"},
	"maximum.value":                 {EN: "Must be at most {limit}.", ZH: "不能大于 {limit}。"},
	"minItems.value":                {EN: "Must have at least {limit} {items}.", ZH: "至少需要 {limit} {items}。"},
	"minLength.value":               {EN: "Must be at least {limit} characters.", ZH: "至少 {limit} 个字符。"},
	"minLength.value_one":           {EN: "Must be at least 1 character.", ZH: "至少 1 个字符。"},
	"minProperties.value":           {EN: "Must have at least {limit} fields filled in.", ZH: "至少需要填写 {limit} 项。"},
	"minProperties.value_one":       {EN: "Must have at least 1 field filled in.", ZH: "至少需要填写 1 项。"},
	"minimum.value":                 {EN: "Must be at least {limit}.", ZH: "不能小于 {limit}。"},
	"multipleOf.value":              {EN: "Must be a multiple of {limit}.", ZH: "必须是 {limit} 的倍数。"},
	"no_form.to":                    {EN: "That version does not have this form.", ZH: "该版本中没有此表单。"},
	"no_working_day.calendar":       {EN: "The calendar needs at least one working day.", ZH: "日历至少需要一个工作日。"},
	"not.value":                     {EN: "This value is not allowed.", ZH: "不允许填写此值。"},
	"not_allowed.value":             {EN: "This value is not allowed.", ZH: "不允许填写此值。"},
	"not_found.department_ref":      {EN: "No such department in this workspace.", ZH: "本工作区中没有此部门。"},
	"not_found.file":                {EN: "No such file uploaded to this field.", ZH: "此字段中没有这个上传的文件。"},
	"not_found.name_cell":           {EN: "Nothing is named {value}.", ZH: "找不到“{value}”。"},
	"not_found.parent":              {EN: "No such department in this workspace.", ZH: "该工作区中没有此部门。"},
	"not_found.related_record":      {EN: "No such record in the related form.", ZH: "关联表单中没有此记录。"},
	"not_found.template":            {EN: "No such template.", ZH: "没有此模板。"},
	"not_member.head":               {EN: "The head must be a member of the workspace.", ZH: "负责人必须是工作区成员。"},
	"not_member.owner":              {EN: "The owner must be a member of the workspace.", ZH: "归属成员必须是工作区成员。"},
	"not_member.workspace":          {EN: "Not a member of this workspace.", ZH: "不是本工作区的成员。"},
	"nul_character.record":          {EN: "Text may not contain the NUL character. (or invalid UTF-8)", ZH: "文本不能包含 NUL 字符。（或无效的 UTF-8）"},
	"nul_character.value":           {EN: "Text may not contain the NUL character.", ZH: "文本不能包含 NUL 字符。"},
	"number_underflow.value":        {EN: "The number is too small to store; it would become 0.", ZH: "数字过小，无法保存（会变成 0）。"},
	"oneOf.value":                   {EN: "Must match exactly one of the allowed forms.", ZH: "必须且只能符合一种允许的填写方式。"},
	"one_source.migration":          {EN: "Give exactly one of const, formula or map.", ZH: "const、formula、map 三者须且只能给出一个。"},
	"out_of_range.to":               {EN: "Choose a published version of the app.", ZH: "请选择应用已发布的版本。"},
	"overlap.period":                {EN: "This period overlaps another one.", ZH: "该时段与其他时段重叠。"},
	"pattern.value":                 {EN: "Does not have the expected format.", ZH: "格式不正确。"},
	"phone.any":                     {EN: "Must be a mobile number (such as 13800138000) or a landline number (such as 010-12345678).", ZH: "请输入有效的手机号码或固定电话号码。"},
	"phone.landline":                {EN: "Must be a landline number with its area code, such as 010-12345678.", ZH: "请输入带区号的固定电话号码，如 010-12345678。"},
	"phone.mobile":                  {EN: "Must be a mobile number: 11 digits starting with 1, such as 13800138000.", ZH: "请输入有效的手机号码（以 1 开头的 11 位数字）。"},
	"precision.integer":             {EN: "Must be a whole number.", ZH: "必须是整数。"},
	"precision.one":                 {EN: "Must have at most 1 decimal place.", ZH: "最多 1 位小数。"},
	"precision.value":               {EN: "Must have at most {limit} decimal places.", ZH: "最多 {limit} 位小数。"},
	"range.weekday":                 {EN: "Use 1 (Monday) to 7 (Sunday).", ZH: "请使用 1（周一）到 7（周日）。"},
	"readonly_field.not_yours":      {EN: "Read-only for you.", ZH: "您对此字段只有查看权限。"},
	"readonly_field.server_owned":   {EN: "This field is filled by the server and cannot be set.", ZH: "该字段由系统填写，不能修改。"},
	"readonly_field.step":           {EN: "Not editable at this step.", ZH: "此节点不可编辑该字段。"},
	"removed_locally.upgrade":       {EN: "Removed from the app, changed in the new template version.", ZH: "应用中已删除，新版模板中有修改。"},
	"removed_upstream.upgrade":      {EN: "Changed in the app, removed from the new template version.", ZH: "应用中有修改，新版模板中已删除。"},
	"required.definition":           {EN: "Give a template key or a definition.", ZH: "请提供模板或应用定义。"},
	"required.form":                 {EN: "Name the form.", ZH: "请指定表单。"},
	"required.items":                {EN: "Each item names its app, form and record.", ZH: "每项须包含应用、表单和记录。"},
	"required.key":                  {EN: "Enter a key for the new template.", ZH: "请填写新模板的 key。"},
	"required.member":               {EN: "Name the member.", ZH: "请指定成员。"},
	"required.name":                 {EN: "Enter a name.", ZH: "请填写名称。"},
	"required.owner":                {EN: "Choose the member submissions are stored as.", ZH: "请选择提交记录的归属成员。"},
	"required.robot_name":           {EN: "Name the robot (the group it posts to).", ZH: "请填写机器人名称（所在群）。"},
	"required.schema":               {EN: "Give the form's schema.", ZH: "请提供表单结构。"},
	"required.step":                 {EN: "Required at this step.", ZH: "此节点必须填写。"},
	"required.token_name":           {EN: "Give the token a name.", ZH: "请填写令牌名称。"},
	"required.value":                {EN: "This field is required.", ZH: "此项为必填项。"},
	"required.version":              {EN: "Give the template version previewed.", ZH: "请提供预览时的模板版本。"},
	"smtp_auth.password":            {EN: "The mail server refused the user name or password.", ZH: "邮件服务器拒绝了用户名或密码。"},
	"smtp_failed.host":              {EN: "Sending failed: {reason}", ZH: "发送失败：{reason}"},
	"timezone.calendar":             {EN: "Use an IANA timezone name such as Asia/Shanghai.", ZH: "请使用 IANA 时区名称，例如 Asia/Shanghai。"},
	"too_deep.parent":               {EN: "The tree may be at most {max} levels deep.", ZH: "部门层级不能超过 {max} 级。"},
	"too_long.comment":              {EN: "The comment is too long.", ZH: "意见过长。"},
	"too_long.idempotency_key":      {EN: "The idempotency key is too long.", ZH: "幂等键过长。"},
	"too_long.name":                 {EN: "Use at most 100 characters.", ZH: "不能超过 100 个字符。"},
	"too_long.password":             {EN: "Use at most 256 bytes.", ZH: "密码不能超过 256 字节。"},
	"too_many.dates":                {EN: "Use at most {max} dates.", ZH: "最多 {max} 个日期。"},
	"too_many.ids":                  {EN: "Too many notifications at once.", ZH: "一次标记的通知过多。"},
	"too_many.periods":              {EN: "Use at most {max} periods.", ZH: "最多 {max} 个时段。"},
	"too_many.robots":               {EN: "At most 20 robots.", ZH: "最多 20 个机器人。"},
	"too_short.password":            {EN: "Use at least 8 characters.", ZH: "密码至少需要 8 个字符。"},
	"type.linked_match":             {EN: "{label} must be one value to find the linked record.", ZH: "「{label}」必须是单个值，才能查找联动的数据。"},
	"type.number":                   {EN: "{value} is not a number.", ZH: "“{value}”不是有效的数字。"},
	"type.rows_json":                {EN: "Sub-form rows must be JSON such as [{\"qty\": 1}]: {detail}", ZH: "子表单行必须是 JSON，如 [{\"qty\": 1}]：{detail}"},
	"type.value":                    {EN: "Must be {types}.", ZH: "必须是{types}。"},
	"type.yes_no":                   {EN: "{value} is not yes or no (是/否, true/false).", ZH: "“{value}”不是“是”或“否”。"},
	"uniqueItems.value":             {EN: "Must not contain the same item twice.", ZH: "不能包含重复项。"},
	"unknown_column.header":         {EN: "Column {name} ({shown}) matches no field of this form.", ZH: "第 {name} 列（“{shown}”）与表单中的字段都不对应。"},
	"unknown_column.no_header":      {EN: "Column {name} has a value but no header.", ZH: "第 {name} 列有内容但没有表头。"},
	"unknown_department.dashboard":  {EN: "No such department.", ZH: "没有该部门。"},
	"unknown_department.department": {EN: "No such department in this workspace.", ZH: "本工作区没有该部门。"},
	"unknown_event.events":          {EN: "Unknown kind of event.", ZH: "未知的事件类型。"},
	"unknown_field.field":           {EN: "The form has no such field.", ZH: "表单没有该字段。"},
	"unknown_field.linkage":         {EN: "This form has no field {field}.", ZH: "表单中没有字段 {field}。"},
	"unknown_field.migration":       {EN: "Not a field of the target version that a migration can fill.", ZH: "不是目标版本中可由迁移填写的字段。"},
	"unknown_field.public":          {EN: "This form does not ask for this field.", ZH: "表单未要求填写该字段。"},
	"unknown_field.record":          {EN: "Unknown field.", ZH: "未知字段。"},
	"unknown_field.row_field":       {EN: "The sub-form has no such field.", ZH: "子表单中没有该字段。"},
	"unknown_field.visitor":         {EN: "Not a field visitors can use: {key}", ZH: "不是访客可用的字段：{key}"},
	"unknown_form.form":             {EN: "The app has no such form.", ZH: "应用没有该表单。"},
	"unknown_member.user":           {EN: "Not a member of this workspace.", ZH: "不是本工作区成员。"},
	"unknown_record.record":         {EN: "No such record in this form.", ZH: "该表单没有这条记录。"},
	"url_scheme.value":              {EN: "Must be a web address starting with http:// or https://.", ZH: "网址必须以 http:// 或 https:// 开头。"},
}

// FieldOf builds a 422 validation_failed error with one field problem of the field
// catalogue.
func FieldOf(pointer, key string) *Error {
	return Of("validation_failed").WithFieldOf(pointer, key)
}

// WithFieldOf adds the field problem a field catalogue key names and returns e. A key
// missing from the catalogue (TestFieldCatalogueKeysUsed finds it before it ships) keeps
// the key as the field's code, so that the problem is still reported.
func (e *Error) WithFieldOf(pointer, key string) *Error {
	code, _, _ := strings.Cut(key, ".")
	t, ok := fieldCatalogue[key]
	if !ok {
		code, t = key, Text{EN: "This value cannot be used.", ZH: "该值无法使用。"}
	}
	return e.WithField(pointer, code, t.EN, t.ZH)
}

// Problem is the field problem a field catalogue key names, for code that collects problems
// before it knows the error they belong to (a spreadsheet's columns and cells).
func Problem(key string) FieldError {
	e := (&Error{}).WithFieldOf("", key)
	return e.Fields[""]
}

// WithProblem adds problem p at pointer and returns e: the way to add a problem filled with
// what a person wrote to an error that collects several, since Error.Fill would also fill
// a placeholder that an earlier problem's value happens to spell.
func (e *Error) WithProblem(pointer string, p FieldError) *Error {
	return e.WithField(pointer, p.Code, p.Text.EN, p.Text.ZH)
}

// Fill puts value (as fmt prints it) in place of {name} in f's message, as Error.Fill does.
func (f FieldError) Fill(name string, value any) FieldError {
	v := fmt.Sprint(value)
	return f.FillText(name, Text{EN: v, ZH: v})
}

// FillText is Fill with a value that differs by language.
func (f FieldError) FillText(name string, value Text) FieldError {
	f.Text = value.fill(f.Text, "{"+name+"}")
	return f
}

// FieldKeys lists the field catalogue's keys, sorted.
func FieldKeys() []string {
	out := make([]string, 0, len(fieldCatalogue))
	for key := range fieldCatalogue {
		out = append(out, key)
	}
	sort.Strings(out)
	return out
}

// LookupField returns the message of a field catalogue key.
func LookupField(key string) (Text, bool) {
	t, ok := fieldCatalogue[key]
	return t, ok
}
