package fault

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// fieldCatalogue holds the messages of the problems with one field, in both languages,
// keyed "code.variant": the field's code is the part before the dot, the variant says which
// field or case (several messages share a code, such as required). Code builds them with
// FieldOf and WithFieldOf instead of writing the two texts where it fails.
var fieldCatalogue = map[string]Text{
	"added.list_choices_holds_each":                     {EN: "A list of choices holds each choice once: uniqueItems was added.", ZH: "多选的每个选项只能选一次：已加上 uniqueItems。"},
	"additionalProperties.value":                        {EN: "Unknown field.", ZH: "未知字段。"},
	"already_member.email":                              {EN: "Already a member.", ZH: "已是成员。"},
	"ambiguous.name_cell":                               {EN: "Several match {value}: use an e-mail, a path or a serial number.", ZH: "“{value}”对应多个对象，请使用邮箱、路径或编号。"},
	"ambiguous_column.header":                           {EN: "Column {name} ({shown}) could be several fields; write it as “label (key)”.", ZH: "第 {name} 列（“{shown}”）可能对应多个字段；请写成“名称 (标识)”。"},
	"anyOf.value":                                       {EN: "Does not match any of the allowed forms.", ZH: "不符合任何一种允许的填写方式。"},
	"bad_action.managing_app_granted_permission":        {EN: "Managing the app is granted by a permission without a form.", ZH: "管理应用的权限应写在不指定表单的权限中。"},
	"bad_date.calendar":                                 {EN: "{date} is not a date written YYYY-MM-DD.", ZH: "{date} 不是 YYYY-MM-DD 格式的日期。"},
	"bad_default.default_value_does_not":                {EN: "The default value does not fit the field {label}.", ZH: "默认值不符合字段「{label}」的要求。"},
	"bad_duration.members":                              {EN: "A duration has exactly one member above zero: workingDays, workingHours, hours or days.", ZH: "时长必须且只能设置 workingDays、workingHours、hours、days 中的一项（大于 0）。"},
	"bad_duration.negative":                             {EN: "A duration cannot be negative.", ZH: "时长不能为负数。"},
	"bad_every.schedule":                                {EN: "A schedule repeats every so many hours or days (wall-clock), at least every hour.", ZH: "定时触发的间隔以小时或天计（自然时间），至少一小时。"},
	"bad_expr.date_unit":                                {EN: "{name}'s unit must be \"d\", \"m\" or \"y\", not {unit}.", ZH: "{name} 的单位必须是 \"d\"、\"m\" 或 \"y\"，而不是 {unit}。"},
	"bad_expr.expression":                               {EN: "The expression cannot be compiled: {reason}", ZH: "表达式无法编译：{reason}"},
	"bad_expr.formula":                                  {EN: "The formula cannot be compiled: {reason}", ZH: "公式无法编译：{reason}"},
	"bad_expr.formula_cannot_compiled":                  {EN: "The formula cannot be compiled: {reason}", ZH: "公式无法编译：{reason}"},
	"bad_expr.formulas_cannot_use_serial":               {EN: "Formulas cannot use the serial number {key}: it is allocated after formulas run.", ZH: "公式不能使用流水号 {key}：它在公式计算之后才分配。"},
	"bad_expr.loops_built_list_functions":               {EN: "Loops and built-in list functions (map, filter, all, …) are not allowed in formulas; use SUM, AVG, MIN, MAX or COUNT.", ZH: "公式中不能使用循环和内置列表函数（map、filter、all 等），请使用 SUM、AVG、MIN、MAX 或 COUNT。"},
	"bad_expr.map_byte_literals_are":                    {EN: "Map and byte literals are not allowed in formulas.", ZH: "公式中不能使用映射和字节字面量。"},
	"bad_expr.only_formula_functions_can":               {EN: "Only the formula functions can be called.", ZH: "只能调用公式函数。"},
	"bad_expr.ranges_are_not_allowed":                   {EN: "Ranges (..) are not allowed in formulas.", ZH: "公式中不能使用区间（..）。"},
	"bad_expr.regular_expressions_matches_are":          {EN: "Regular expressions (matches) are not allowed in formulas.", ZH: "公式中不能使用正则表达式（matches）。"},
	"bad_expr.takes_no_arguments":                       {EN: "{name}() takes no arguments.", ZH: "{name}() 不接受参数。"},
	"bad_expr.takes_three_arguments_date":               {EN: "{name} takes three arguments: a date, a date or a number, and a unit.", ZH: "{name} 需要三个参数：日期、日期或数字、单位。"},
	"bad_expr.takes_two_arguments_date":                 {EN: "{name} takes two arguments: a date and a date or a number of working days.", ZH: "{name} 需要两个参数：日期，以及日期或工作日天数。"},
	"bad_expr.unknown_function":                         {EN: "Unknown function {name}.", ZH: "未知函数 {name}。"},
	"bad_expr.use_parent_key_read":                      {EN: "Use parent.key to read a field of the form from a sub-form row.", ZH: "在子表单行中请用 parent.字段 读取表单字段。"},
	"bad_expr.variables_let_sequences_are":              {EN: "Variables (let) and sequences (;) are not allowed in formulas.", ZH: "公式中不能使用变量（let）和语句序列（;）。"},
	"bad_json.json_could_not_read":                      {EN: "The JSON could not be read: {reason}", ZH: "无法读取 JSON。"},
	"bad_json.schema_not_valid_json":                    {EN: "The schema is not valid JSON: {reason}", ZH: "表单结构不是有效的 JSON：{reason}"},
	"bad_json.syntax":                                   {EN: "The JSON is not well formed near byte {offset}: {reason}.", ZH: "JSON 格式错误（约第 {offset} 字节处）。"},
	"bad_json.template_empty":                           {EN: "The template is empty.", ZH: "模板内容为空。"},
	"bad_json.there_data_after_template":                {EN: "There is data after the template's JSON value.", ZH: "模板的 JSON 值之后还有多余内容。"},
	"bad_json.unexpected_data_after_schema":             {EN: "Unexpected data after the schema.", ZH: "表单结构之后有多余内容。"},
	"bad_key.field_key_start_with":                      {EN: "Field key {key} must start with a lowercase letter and hold only letters, digits and _ (at most 63).", ZH: "字段标识 {key} 必须以小写字母开头，只含字母、数字和下划线（最多 63 个字符）。"},
	"bad_levels.range":                                  {EN: "Levels go from 1 to 10.", ZH: "层级范围为 1 到 10。"},
	"bad_link.cannot_take_default_from":                 {EN: "{label} cannot take its default from a match on itself.", ZH: "「{label}」不能以自身作为联动条件。"},
	"bad_link.holds_several_values_condition":           {EN: "{label} holds several values; a condition compares one value.", ZH: "「{label}」包含多个值，联动条件只能比较单个值。"},
	"bad_link.not_one_field":                            {EN: "The {type} field {field} cannot be copied into a field.", ZH: "不能带出「{field}」：它不是单个字段的值。"},
	"bad_link.several_values":                           {EN: "Records of {form} cannot be matched on {field}: choose a field holding one value.", ZH: "不能按「{field}」匹配「{form}」的数据：请选择只有一个值的字段。"},
	"bad_lookup.field_type":                             {EN: "A lookup cannot show the {type} field {field}: only fields holding their own value.", ZH: "引用字段不能显示{type}类型的字段 {field}。"},
	"bad_name.value":                                    {EN: "{name} is not allowed as a name here. {desc}", ZH: "名称 {name} 不符合要求。"},
	"bad_node.query":                                    {EN: "{reason}", ZH: "筛选条件格式不正确。"},
	"bad_operator.query":                                {EN: "{reason}", ZH: "该字段类型不支持此运算符。"},
	"bad_pattern.serial_pattern_needs_exactly":          {EN: "A serial pattern needs exactly one {seq:N} (N from 1 to 12) and only the tokens {yyyy} {yy} {MM} {dd}, e.g. \"XS-{yyyy}-{seq:6}\".", ZH: "流水号格式必须恰好包含一个 {seq:N}（N 为 1–12），且只能使用 {yyyy} {yy} {MM} {dd}，例如 \"XS-{yyyy}-{seq:6}\"。"},
	"bad_percent.mode":                                  {EN: "A percent applies only with mode \"percent\".", ZH: "只有 \"percent\" 模式才能设置比例。"},
	"bad_percent.range":                                 {EN: "Percent approval needs a percent from 1 to 100.", ZH: "按比例审批需要 1 到 100 的比例。"},
	"bad_period.order":                                  {EN: "A working period ends after it starts.", ZH: "工作时段的结束时刻必须晚于开始时刻。"},
	"bad_period.overlap":                                {EN: "Working periods may not overlap.", ZH: "工作时段不能重叠。"},
	"bad_resolution.resolve":                            {EN: "Each resolution must name a reported conflict's pointer and local or remote.", ZH: "每项处理须对应一个冲突位置，并选择 local 或 remote。"},
	"bad_return.on_due":                                 {EN: "A record can only be returned to a node before {key}; {node} does not come before it.", ZH: "只能退回到 {key} 之前的节点，{node} 不在其之前。"},
	"bad_return.return_to":                              {EN: "A record can only be returned to the start or an approval or task node before {key}; {node} is not one.", ZH: "只能退回到发起人或 {key} 之前的审批、办理节点，{node} 不是。"},
	"bad_schema.form_schema":                            {EN: "The form's schema could not be compiled: {reason}.", ZH: "表单结构无法编译。"},
	"bad_schema.not_valid_json_schema":                  {EN: "Not valid JSON Schema: {reason}", ZH: "不是有效的 JSON Schema：{reason}"},
	"bad_schema.schema_cannot_encoded":                  {EN: "The schema cannot be encoded.", ZH: "表单结构无法编码。"},
	"bad_schema.schema_not_valid_json":                  {EN: "The schema is not valid JSON Schema.", ZH: "表单结构不是有效的 JSON Schema。"},
	"bad_section.column":                                {EN: "A section holds top-level fields, not the column {field}.", ZH: "分组只能包含顶层字段，不能包含子表单列 {field}。"},
	"bad_section.twice":                                 {EN: "The field {field} is already in section {section}; a field is in one section at most.", ZH: "字段 {field} 已在第 {section} 个分组中，一个字段最多属于一个分组。"},
	"bad_time.calendar":                                 {EN: "Times of day are written \"HH:MM\" (an end may be 24:00).", ZH: "时刻格式为 \"HH:MM\"（结束时刻可为 24:00）。"},
	"bad_time.schedule":                                 {EN: "A time of day is written \"HH:MM\", 00:00 to 23:59.", ZH: "时刻格式为 \"HH:MM\"（00:00 到 23:59）。"},
	"bad_timezone.calendar":                             {EN: "{timezone} is not an IANA timezone name such as Asia/Shanghai.", ZH: "{timezone} 不是 IANA 时区名称（例如 Asia/Shanghai）。"},
	"bad_url.webhook":                                   {EN: "A webhook address is an absolute http or https URL.", ZH: "Webhook 地址必须是完整的 http 或 https 网址。"},
	"bad_value.accept_lists_media_types":                {EN: "accept lists media types such as \"image/*\" or \"application/pdf\".", ZH: "accept 应列出媒体类型，如 \"image/*\" 或 \"application/pdf\"。"},
	"bad_value.bool_param":                              {EN: "Use true or false.", ZH: "请使用 true 或 false。"},
	"bad_value.currency_three_letter_iso":               {EN: "currency must be a three-letter ISO 4217 code such as CNY.", ZH: "currency 必须是三个大写字母的币种代码，如 CNY。"},
	"bad_value.cursor":                                  {EN: "The cursor is not valid.", ZH: "游标无效。"},
	"bad_value.date":                                    {EN: "Give the date as YYYY-MM-DD.", ZH: "日期格式应为 YYYY-MM-DD。"},
	"bad_value.date_order":                              {EN: "The end date is before the start date.", ZH: "结束日期早于开始日期。"},
	"bad_value.events":                                  {EN: "Choose email or robot.", ZH: "请选择邮件或机器人。"},
	"bad_value.export_format":                           {EN: "Use csv or xlsx.", ZH: "请使用 csv 或 xlsx。"},
	"bad_value.from":                                    {EN: "A sender address such as Formloom <noreply@example.com>.", ZH: "请填写发件人地址，例如 Formloom <noreply@example.com>。"},
	"bad_value.group":                                   {EN: "Not an option of the view's group field.", ZH: "不是分组字段的选项。"},
	"bad_value.host":                                    {EN: "The mail server's host name.", ZH: "请填写邮件服务器的主机名。"},
	"bad_value.kind_mobile_landline_any":                {EN: "kind must be \"mobile\", \"landline\" or \"any\".", ZH: "kind 必须是 \"mobile\"、\"landline\" 或 \"any\"。"},
	"bad_value.lang":                                    {EN: "zh-CN or en.", ZH: "请选择 zh-CN 或 en。"},
	"bad_value.limit":                                   {EN: "Use 1 to {max}.", ZH: "请使用 1 到 {max}。"},
	"bad_value.maxcount_whole_number_from":              {EN: "maxCount must be a whole number from 1 to 1000.", ZH: "maxCount 必须是 1 到 1000 的整数。"},
	"bad_value.maxrows_whole_number_least":              {EN: "maxRows must be a whole number, at least 1 and at least minRows.", ZH: "maxRows 必须是不小于 1 且不小于 minRows 的整数。"},
	"bad_value.maxsize_positive_number_bytes":           {EN: "maxSize must be a positive number of bytes.", ZH: "maxSize 必须是正整数（字节）。"},
	"bad_value.minrows_whole_number_0":                  {EN: "minRows must be a whole number, 0 or more.", ZH: "minRows 必须是非负整数。"},
	"bad_value.port":                                    {EN: "A port from 1 to 65535 (usually 587 or 465).", ZH: "端口为 1 到 65535（通常为 587 或 465）。"},
	"bad_value.positive_limit":                          {EN: "Use a positive whole number.", ZH: "请使用正整数。"},
	"bad_value.precision_whole_number_from":             {EN: "precision must be a whole number from 0 to 10.", ZH: "precision 必须是 0 到 10 的整数。"},
	"bad_value.query":                                   {EN: "{reason}", ZH: "取值与字段类型不符。"},
	"bad_value.quiet_from":                              {EN: "A time such as 22:00.", ZH: "请填写时间，例如 22:00。"},
	"bad_value.quiet_to":                                {EN: "A time such as 08:00.", ZH: "请填写时间，例如 08:00。"},
	"bad_value.search_limit":                            {EN: "A whole number from 1 to {max}.", ZH: "取值为 1 到 {max} 的整数。"},
	"bad_value.secret":                                  {EN: "WeCom robots have no signing secret.", ZH: "企业微信机器人没有签名密钥。"},
	"bad_value.security":                                {EN: "Choose STARTTLS, TLS or none.", ZH: "请选择 STARTTLS、TLS 或不加密。"},
	"bad_value.time_param":                              {EN: "Use an RFC 3339 time such as 2026-01-31T08:00:00Z, or a date.", ZH: "请使用 RFC 3339 时间（如 2026-01-31T08:00:00Z）或日期。"},
	"bad_value.vendor":                                  {EN: "Choose DingTalk, WeCom or Feishu.", ZH: "请选择钉钉、企业微信或飞书。"},
	"bad_weekday.calendar":                              {EN: "Weekdays go from 1 (Monday) to 7 (Sunday), each once.", ZH: "星期取值为 1（周一）到 7（周日），不能重复。"},
	"branches_merge.node":                               {EN: "Two branches of the parallel node {split} meet at {key} before their join.", ZH: "并行节点 {split} 的两个分支在汇聚前于 {key} 相交。"},
	"changed_both.upgrade":                              {EN: "Changed both in the app and in the new template version.", ZH: "应用与新版模板都修改了此处。"},
	"condition_edges.node":                              {EN: "A condition node needs at least two outgoing edges: one or more with when, and one else.", ZH: "条件节点至少需要两条出线：带条件（when）的分支和一条 else 分支。"},
	"conflict.disagrees_with_x_formloom":                {EN: "{keyword} disagrees with x-formloom {from}.", ZH: "{keyword} 与 x-formloom 的 {from} 不一致。"},
	"conflict.extra_workday":                            {EN: "This date is also a holiday.", ZH: "该日期同时被设为节假日。"},
	"const.template":                                    {EN: "Must be {value}.", ZH: "取值必须是 {value}。"},
	"const.value":                                       {EN: "Must be {value}.", ZH: "必须是 {value}。"},
	"contains.value":                                    {EN: "Does not contain a required item.", ZH: "缺少必需的项。"},
	"cycle.formula_depends_itself":                      {EN: "The formula depends on itself: {path}.", ZH: "公式循环引用了自身：{path}。"},
	"cycle.parent":                                      {EN: "A department cannot be placed under itself or its own sub-department.", ZH: "部门不能放到自身或其下级部门之下。"},
	"cycle_through_join.node":                           {EN: "The join {key} is on a loop; loops may not pass a join (use a return action instead).", ZH: "汇聚节点 {key} 处于循环中；循环不能经过汇聚节点（请使用退回操作）。"},
	"cycle_without_condition.node":                      {EN: "The node {key} is on a loop with no condition node to leave it.", ZH: "节点 {key} 处于没有条件节点可以退出的循环中。"},
	"date.calendar":                                     {EN: "Use a date such as 2026-10-01.", ZH: "请使用日期格式，例如 2026-10-01。"},
	"deadline_kind.members":                             {EN: "A deadline has exactly one of after, field and by.", ZH: "截止时间必须且只能设置 after、field、by 之一。"},
	"duplicate.earlier_row":                             {EN: "The same value as row {line}; it must be unique.", ZH: "与第 {line} 行的值重复；该字段必须唯一。"},
	"duplicate.unique":                                  {EN: "Another record already has this value.", ZH: "已有记录使用了该值。"},
	"duplicate.weekday":                                 {EN: "This weekday is listed twice.", ZH: "该工作日重复。"},
	"duplicate_column.header":                           {EN: "Column {name} ({shown}) names the same field as column {prev}.", ZH: "第 {name} 列（“{shown}”）与第 {prev} 列对应同一字段。"},
	"duplicate_date.calendar":                           {EN: "The date {date} is already in {list}.", ZH: "日期 {date} 已在 {list} 中。"},
	"duplicate_edge.edge":                               {EN: "There is already an edge from {from} to {to}.", ZH: "已有从 {from} 到 {to} 的连线。"},
	"duplicate_key.json":                                {EN: "This key appears twice.", ZH: "该键重复出现。"},
	"duplicate_key.node":                                {EN: "The node key {key} is already used.", ZH: "节点键 {key} 已被使用。"},
	"duplicate_key.query":                               {EN: "{reason}", ZH: "重复的键。"},
	"duplicate_key.value":                               {EN: "The key {key} is already used by /{list}/{index}.", ZH: "键 {key} 已被 /{list}/{index} 使用。"},
	"duplicate_member.field_declared_twice":             {EN: "The field {key} is declared twice.", ZH: "字段 {key} 重复声明。"},
	"duplicate_member.member_appears_twice_object":      {EN: "The member {key} appears twice in this object.", ZH: "此对象中成员 {key} 出现了两次。"},
	"duplicate_option.option":                           {EN: "The option {value} appears twice.", ZH: "选项 {value} 重复。"},
	"duplicate_permission.role":                         {EN: "The role {role} already has a permission on this form at /permissions/{index}; write one permission per role and form.", ZH: "角色 {role} 在 /permissions/{index} 已有对此表单的权限，每个角色对每个表单只写一条。"},
	"duplicate_pipeline.form":                           {EN: "The form {form} already has the pipeline /pipelines/{index}; a form has at most one.", ZH: "表单 {form} 已有流程 /pipelines/{index}，每个表单最多一个流程。"},
	"edge_into_start.edge":                              {EN: "No edge may lead into the start node: returns are actions, not edges.", ZH: "不能有连线进入开始节点：退回是操作，不是连线。"},
	"edge_out_of_end.edge":                              {EN: "No edge may leave an end node.", ZH: "结束节点不能有出线。"},
	"else_count.node":                                   {EN: "A condition node needs exactly one else edge; it has {count}.", ZH: "条件节点需要恰好一条 else 分支，当前有 {count} 条。"},
	"email.address":                                     {EN: "Enter a valid e-mail address.", ZH: "请输入有效的电子邮箱地址。"},
	"empty_list.query":                                  {EN: "{reason}", ZH: "列表不能为空。"},
	"empty_node.query":                                  {EN: "{reason}", ZH: "空条件只能作为整个筛选条件。"},
	"enum.option_cell":                                  {EN: "{value} is not one of the options ({options}).", ZH: "“{value}”不是可选项（可选：{options}）。"},
	"enum.role":                                         {EN: "Choose owner, admin or member.", ZH: "角色须为 owner、admin 或 member。"},
	"enum.template":                                     {EN: "Must be one of: {values}.", ZH: "取值必须是以下之一：{values}。"},
	"enum.value":                                        {EN: "Must be one of the options.", ZH: "请选择有效的选项。"},
	"enum_mismatch.not_in_enum":                         {EN: "The option {value} is missing from enum.", ZH: "选项 {value} 不在 enum 中。"},
	"enum_mismatch.not_option":                          {EN: "{value} is in enum but is not an option.", ZH: "{value} 在 enum 中，但不是选项。"},
	"enum_mismatch.select_field_needs_enum":             {EN: "A select field needs an enum listing its options' values.", ZH: "选择字段需要 enum，列出各选项的值。"},
	"exclusiveMaximum.value":                            {EN: "Must be less than {limit}.", ZH: "必须小于 {limit}。"},
	"exclusiveMinimum.value":                            {EN: "Must be greater than {limit}.", ZH: "必须大于 {limit}。"},
	"extra_start.node":                                  {EN: "The pipeline already starts at {key}; a pipeline has exactly one start node.", ZH: "流程已有开始节点 {key}，只能有一个开始节点。"},
	"field_type.needed":                                 {EN: "The field {key} is a {type} field; a {needed} field is needed here.", ZH: "字段 {key} 是{type}类型，此处需要{needed}类型的字段。"},
	"file_empty.upload":                                 {EN: "The file is empty.", ZH: "文件为空。"},
	"file_type.upload":                                  {EN: "Files of type {type} are not accepted here.", ZH: "不接受 {type} 类型的文件。"},
	"form_required.action":                              {EN: "The action {action} applies to a form's records: name the form.", ZH: "操作 {action} 针对表单中的数据，请指定表单。"},
	"form_required.data_scope_needs_form":               {EN: "A data scope needs a form.", ZH: "数据范围需要指定表单。"},
	"form_required.field_rules_need_form":               {EN: "Field rules need a form.", ZH: "字段权限需要指定表单。"},
	"format.date_cell":                                  {EN: "{value} is not a date such as 2026-05-01.", ZH: "“{value}”不是有效的日期，应如 2026-05-01。"},
	"format.datetime_cell":                              {EN: "{value} is not a date and time such as 2026-05-01 09:30.", ZH: "“{value}”不是有效的日期时间，应如 2026-05-01 09:30。"},
	"format.end":                                        {EN: "Use HH:MM, 00:00 to 24:00.", ZH: "请使用 HH:MM 格式（00:00–24:00）。"},
	"format.start":                                      {EN: "Use HH:MM, 00:00 to 23:59.", ZH: "请使用 HH:MM 格式（00:00–23:59）。"},
	"format.value":                                      {EN: "Must be in the {format} format.", ZH: "格式应为 {format}。"},
	"format.value_date":                                 {EN: "Must be a date (YYYY-MM-DD).", ZH: "请输入有效的日期（YYYY-MM-DD）。"},
	"format.value_datetime":                             {EN: "Must be a date and time, such as 2026-05-01T09:30:00+08:00.", ZH: "请输入有效的日期时间，如 2026-05-01T09:30:00+08:00。"},
	"format.value_email":                                {EN: "Must be an email address.", ZH: "请输入有效的邮箱地址。"},
	"format.value_uri":                                  {EN: "Must be a web address, such as https://example.com.", ZH: "请输入有效的网址，如 https://example.com。"},
	"formula_budget.work":                               {EN: "The formula would process more than 1 MB of text for this record.", ZH: "该记录的公式计算需要处理超过 1 MB 的文本。"},
	"formula_failed.migration":                          {EN: "The formula failed: {reason}", ZH: "公式计算失败。"},
	"formula_too_long.result":                           {EN: "The formula's result is longer than 64 KB.", ZH: "公式的结果超过 64 KB。"},
	"invalid.action":                                    {EN: "Bulk actions are approve, complete and reject.", ZH: "批量操作只能是同意、完成或驳回。"},
	"invalid.add_has_task":                              {EN: "That member already has a task on this step.", ZH: "该成员在此节点已有待办。"},
	"invalid.add_other_member":                          {EN: "Add another member of the workspace.", ZH: "请添加本工作区的其他成员。"},
	"invalid.automation_could_not_read":                 {EN: "The automation could not be read: {reason}", ZH: "无法读取自动化。"},
	"invalid.box":                                       {EN: "box is todo, done, cc or mine.", ZH: "box 须为 todo、done、cc 或 mine。"},
	"invalid.calendar_could_not_read":                   {EN: "The calendar could not be read: {reason}", ZH: "无法读取工作日历。"},
	"invalid.copy_members":                              {EN: "Name 1 to 50 members to copy.", ZH: "请指定 1 至 50 名抄送成员。"},
	"invalid.items":                                     {EN: "Give 1 to 100 records.", ZH: "请提供 1 至 100 条记录。"},
	"invalid.mentions":                                  {EN: "Mention at most 50 members.", ZH: "最多提及 50 名成员。"},
	"invalid.not_valid_query":                           {EN: "Not a valid query: {reason}", ZH: "查询定义无效。"},
	"invalid.pipeline_could_not_read":                   {EN: "The pipeline could not be read: {reason}", ZH: "无法读取流程。"},
	"invalid.position":                                  {EN: "Position is before or after.", ZH: "位置须为 before 或 after。"},
	"invalid.query_code":                                {EN: "{reason}", ZH: "查询定义无效。"},
	"invalid.record_unvalidated":                        {EN: "The record cannot be validated.", ZH: "无法校验该记录。"},
	"invalid.return_to_earlier":                         {EN: "Return only to an earlier approval or task step, or to the start.", ZH: "只能退回到之前的审批或办理节点，或发起人。"},
	"invalid.return_to_named":                           {EN: "This step returns only to the steps its settings name.", ZH: "此节点只能退回到其设置中指定的节点。"},
	"invalid.template_could_not_read":                   {EN: "The template could not be read: {reason}", ZH: "无法读取模板。"},
	"invalid.template_could_not_validated":              {EN: "The template could not be validated: {reason}", ZH: "模板无法校验。"},
	"invalid.template_keyword":                          {EN: "{reason}.", ZH: "不符合要求。"},
	"invalid.transfer_has_task":                         {EN: "That member already has this task.", ZH: "该成员已有此待办。"},
	"invalid.transfer_to_other":                         {EN: "Transfer to another member of the workspace.", ZH: "请转交给本工作区的其他成员。"},
	"invalid_value.const":                               {EN: "The constant is not a JSON value that can be stored.", ZH: "常量不是可保存的 JSON 值。"},
	"inverted.period":                                   {EN: "The end must be after the start.", ZH: "结束时间必须晚于开始时间。"},
	"join_edges.node":                                   {EN: "The join {key} waits for every incoming edge: it needs exactly one per branch of {split} ({want}), not {count}. Merge a branch's paths before the join.", ZH: "汇聚节点 {key} 等待每条入线：需要并行节点 {split} 的每个分支恰好一条（{want} 条），当前 {count} 条。请先合并分支内部的路径。"},
	"join_foreign_edge.edge":                            {EN: "The join {key} closes the branches of {split}; this edge comes from outside them.", ZH: "汇聚节点 {key} 只接收并行节点 {split} 各分支的连线，此连线来自分支之外。"},
	"join_without_split.node":                           {EN: "The join {key} closes no parallel node's branches.", ZH: "汇聚节点 {key} 没有对应的并行节点。"},
	"lone_surrogate.value":                              {EN: "Text contains a lone UTF-16 surrogate (\\ud800–\\udfff).", ZH: "文本包含不成对的 UTF-16 代理项（\\ud800–\\udfff）。"},
	"maxItems.template":                                 {EN: "{reason}.", ZH: "最多 {limit} 项。"},
	"maxItems.value":                                    {EN: "Must have at most {limit} {items}.", ZH: "最多 {limit} {items}。"},
	"maxLength.template":                                {EN: "{reason}.", ZH: "最多 {limit} 个字符。"},
	"maxLength.value":                                   {EN: "Must be at most {limit} characters.", ZH: "最多 {limit} 个字符。"},
	"maxLength.value_one":                               {EN: "Must be at most 1 character.", ZH: "最多 1 个字符。"},
	"maxProperties.template":                            {EN: "{reason}.", ZH: "最多 {limit} 个成员。"},
	"maxProperties.value":                               {EN: "Must have at most {limit} fields filled in.", ZH: "最多填写 {limit} 项。"},
	"maxProperties.value_one":                           {EN: "Must have at most 1 field filled in.", ZH: "最多填写 1 项。"},
	"max_size.upload":                                   {EN: "At most {limit} bytes.", ZH: "最多 {limit} 字节。"},
	"maximum.template":                                  {EN: "{reason}.", ZH: "不能大于 {limit}。"},
	"maximum.value":                                     {EN: "Must be at most {limit}.", ZH: "不能大于 {limit}。"},
	"minItems.template":                                 {EN: "{reason}.", ZH: "至少需要 {limit} 项。"},
	"minItems.value":                                    {EN: "Must have at least {limit} {items}.", ZH: "至少需要 {limit} {items}。"},
	"minLength.template":                                {EN: "{reason}.", ZH: "至少 {limit} 个字符。"},
	"minLength.value":                                   {EN: "Must be at least {limit} characters.", ZH: "至少 {limit} 个字符。"},
	"minLength.value_one":                               {EN: "Must be at least 1 character.", ZH: "至少 1 个字符。"},
	"minProperties.template":                            {EN: "{reason}.", ZH: "至少需要 {limit} 个成员。"},
	"minProperties.value":                               {EN: "Must have at least {limit} fields filled in.", ZH: "至少需要填写 {limit} 项。"},
	"minProperties.value_one":                           {EN: "Must have at least 1 field filled in.", ZH: "至少需要填写 1 项。"},
	"minimum.template":                                  {EN: "{reason}.", ZH: "不能小于 {limit}。"},
	"minimum.value":                                     {EN: "Must be at least {limit}.", ZH: "不能小于 {limit}。"},
	"mismatched_join.node":                              {EN: "The branches of the parallel node {split} end at different joins.", ZH: "并行节点 {split} 的分支汇聚到了不同的汇聚节点。"},
	"missing_key.query":                                 {EN: "{reason}", ZH: "缺少必需的成员。"},
	"missing_when.edge":                                 {EN: "An edge leaving a condition node needs a condition (when), unless it is the else edge.", ZH: "条件节点的出线需要条件（when），else 分支除外。"},
	"multipleOf.value":                                  {EN: "Must be a multiple of {limit}.", ZH: "必须是 {limit} 的倍数。"},
	"no_assignee.node":                                  {EN: "A {type} node needs at least one assignee rule.", ZH: "此节点至少需要一条处理人规则。"},
	"no_end.pipeline":                                   {EN: "The pipeline has no end node.", ZH: "流程没有结束节点。"},
	"no_form.to":                                        {EN: "That version does not have this form.", ZH: "该版本中没有此表单。"},
	"no_pipeline.event":                                 {EN: "The form {form} has no pipeline for the event {event}.", ZH: "表单 {form} 没有流程，无法使用事件 {event}。"},
	"no_start.pipeline":                                 {EN: "The pipeline has no start node.", ZH: "流程没有开始节点。"},
	"no_way_to_end.node":                                {EN: "No end can be reached from the node {key}.", ZH: "从节点 {key} 无法到达任何结束节点。"},
	"no_working_day.calendar":                           {EN: "The calendar needs at least one working day.", ZH: "日历至少需要一个工作日。"},
	"not.value":                                         {EN: "This value is not allowed.", ZH: "不允许填写此值。"},
	"not_allowed.field_fills_itself_cannot":             {EN: "A {type} field fills itself: it cannot have a linked default.", ZH: "{type} 类型的字段由系统填写，不能设置数据联动。"},
	"not_allowed.field_has_no_default":                  {EN: "A {type} field has no default value.", ZH: "{type} 类型的字段不能设置默认值。"},
	"not_allowed.fields_sub_form_rows":                  {EN: "Fields of sub-form rows cannot be unique.", ZH: "子表单中的字段不能设为唯一。"},
	"not_allowed.member":                                {EN: "This member does not apply to {what}.", ZH: "此项不适用于{what}。"},
	"not_allowed.not_allowed_here":                      {EN: "Not allowed here.", ZH: "此处不允许出现该内容。"},
	"not_allowed.serial_numbers_cannot_used":            {EN: "Serial numbers cannot be used inside sub-form rows.", ZH: "子表单中不能使用流水号字段。"},
	"not_allowed.sub_form_columns_cannot":               {EN: "Sub-form columns cannot have a linked default.", ZH: "子表单中的列不能设置数据联动。"},
	"not_allowed.sub_forms_cannot_nested":               {EN: "Sub-forms cannot be nested.", ZH: "子表单不能嵌套。"},
	"not_allowed.value":                                 {EN: "This value is not allowed.", ZH: "不允许填写此值。"},
	"not_filterable.query":                              {EN: "{reason}", ZH: "该字段不能用于筛选。"},
	"not_found.department_ref":                          {EN: "No such department in this workspace.", ZH: "本工作区中没有此部门。"},
	"not_found.file":                                    {EN: "No such file uploaded to this field.", ZH: "此字段中没有这个上传的文件。"},
	"not_found.name_cell":                               {EN: "Nothing is named {value}.", ZH: "找不到“{value}”。"},
	"not_found.parent":                                  {EN: "No such department in this workspace.", ZH: "该工作区中没有此部门。"},
	"not_found.related_record":                          {EN: "No such record in the related form.", ZH: "关联表单中没有此记录。"},
	"not_found.template":                                {EN: "No such template.", ZH: "没有此模板。"},
	"not_groupable.field_type":                          {EN: "Records cannot be grouped by the {type} field {field}.", ZH: "不能按字段 {field} 分组。"},
	"not_groupable.form_has_no_pipeline":                {EN: "Form {form} has no pipeline, so its records have no stages to group by.", ZH: "表单 {form} 没有流程，无法按阶段分组。"},
	"not_groupable.kanban":                              {EN: "A kanban board's columns come from a select field; {field} is a {type} field.", ZH: "看板的列来自单选字段，{field} 不是单选字段。"},
	"not_groupable.query":                               {EN: "{reason}", ZH: "该字段不能用于分组或统计。"},
	"not_mapped.keyword":                                {EN: "{keyword} has no Formloom meaning; it was left out.", ZH: "{keyword} 在 Formloom 中没有对应含义，已忽略。"},
	"not_mapped.only_sub_forms_have":                    {EN: "Only sub-forms have a uiSchema for their items; it was left out.", ZH: "只有子表单可以为 items 设置 uiSchema，已忽略。"},
	"not_mapped.sub_form_columns_follow":                {EN: "Sub-form columns follow the order of their properties; ui:order was left out.", ZH: "子表单的列按属性顺序排列，已忽略 ui:order。"},
	"not_mapped.ui_order_applies_objects":               {EN: "ui:order applies to objects only; it was left out.", ZH: "ui:order 只适用于对象，已忽略。"},
	"not_mapped.uischema_entry_not_object":              {EN: "This uiSchema entry is not an object; it was left out.", ZH: "该 uiSchema 项不是对象，已忽略。"},
	"not_mapped.uischema_not_json_object":               {EN: "The uiSchema is not a JSON object; it was left out.", ZH: "uiSchema 不是 JSON 对象，已忽略。"},
	"not_mapped.widget":                                 {EN: "The widget {widget} has no Formloom counterpart for this field; the field's own widget is used.", ZH: "控件 {widget} 在 Formloom 中没有对应，此字段使用默认控件。"},
	"not_member.head":                                   {EN: "The head must be a member of the workspace.", ZH: "负责人必须是工作区成员。"},
	"not_member.owner":                                  {EN: "The owner must be a member of the workspace.", ZH: "归属成员必须是工作区成员。"},
	"not_member.workspace":                              {EN: "Not a member of this workspace.", ZH: "不是本工作区的成员。"},
	"not_sortable.query":                                {EN: "{reason}", ZH: "该字段不能用于排序。"},
	"nul_character.record":                              {EN: "Text may not contain the NUL character. (or invalid UTF-8)", ZH: "文本不能包含 NUL 字符。（或无效的 UTF-8）"},
	"nul_character.value":                               {EN: "Text may not contain the NUL character.", ZH: "文本不能包含 NUL 字符。"},
	"number_underflow.value":                            {EN: "The number is too small to store; it would become 0.", ZH: "数字过小，无法保存（会变成 0）。"},
	"oneOf.value":                                       {EN: "Must match exactly one of the allowed forms.", ZH: "必须且只能符合一种允许的填写方式。"},
	"one_source.migration":                              {EN: "Give exactly one of const, formula or map.", ZH: "const、formula、map 三者须且只能给出一个。"},
	"out_of_range.to":                                   {EN: "Choose a published version of the app.", ZH: "请选择应用已发布的版本。"},
	"overlap.period":                                    {EN: "This period overlaps another one.", ZH: "该时段与其他时段重叠。"},
	"parallel_edges.node":                               {EN: "A parallel node needs at least two outgoing edges, one per branch.", ZH: "并行节点至少需要两条出线，每个分支一条。"},
	"pattern.described":                                 {EN: "Not in the expected form. {description}", ZH: "格式不正确（应匹配 {pattern}）。"},
	"pattern.template":                                  {EN: "Not in the expected form.", ZH: "格式不正确（应匹配 {pattern}）。"},
	"pattern.value":                                     {EN: "Does not have the expected format.", ZH: "格式不正确。"},
	"phone.any":                                         {EN: "Must be a mobile number (such as 13800138000) or a landline number (such as 010-12345678).", ZH: "请输入有效的手机号码或固定电话号码。"},
	"phone.landline":                                    {EN: "Must be a landline number with its area code, such as 010-12345678.", ZH: "请输入带区号的固定电话号码，如 010-12345678。"},
	"phone.mobile":                                      {EN: "Must be a mobile number: 11 digits starting with 1, such as 13800138000.", ZH: "请输入有效的手机号码（以 1 开头的 11 位数字）。"},
	"precision.integer":                                 {EN: "Must be a whole number.", ZH: "必须是整数。"},
	"precision.one":                                     {EN: "Must have at most 1 decimal place.", ZH: "最多 1 位小数。"},
	"precision.value":                                   {EN: "Must have at most {limit} decimal places.", ZH: "最多 {limit} 位小数。"},
	"range.weekday":                                     {EN: "Use 1 (Monday) to 7 (Sunday).", ZH: "请使用 1（周一）到 7（周日）。"},
	"read_only_field.automation":                        {EN: "The {type} field {key} is computed; an automation cannot write it.", ZH: "{type} 字段 {key} 由系统计算，自动化不能写入。"},
	"read_only_field.node":                              {EN: "The {type} field {key} is computed; it can only be hidden or read.", ZH: "{type} 字段 {key} 由系统计算，只能隐藏或只读。"},
	"readonly_field.not_yours":                          {EN: "Read-only for you.", ZH: "您对此字段只有查看权限。"},
	"readonly_field.server_owned":                       {EN: "This field is filled by the server and cannot be set.", ZH: "该字段由系统填写，不能修改。"},
	"readonly_field.step":                               {EN: "Not editable at this step.", ZH: "此节点不可编辑该字段。"},
	"removed_locally.upgrade":                           {EN: "Removed from the app, changed in the new template version.", ZH: "应用中已删除，新版模板中有修改。"},
	"removed_upstream.upgrade":                          {EN: "Changed in the app, removed from the new template version.", ZH: "应用中有修改，新版模板中已删除。"},
	"required.add_least_one_condition":                  {EN: "Add at least one condition: a field of the source form equal to a field of this form.", ZH: "请至少添加一个联动条件：来源表单的字段等于本表单的字段。"},
	"required.chart_group_by":                           {EN: "A {chart} chart needs groupBy: the categories or periods it draws.", ZH: "该图表需要分组（groupBy）。"},
	"required.choose_field_form_equal":                  {EN: "Choose the field of this form it must equal.", ZH: "请选择本表单中与之相等的字段。"},
	"required.choose_field_source_form":                 {EN: "Choose the field of the source form.", ZH: "请选择来源表单的字段。"},
	"required.choose_field_whose_value":                 {EN: "Choose the field whose value is copied.", ZH: "请选择要带出的字段。"},
	"required.choose_form_value_comes":                  {EN: "Choose the form the value comes from.", ZH: "请选择联动的数据来源表单。"},
	"required.definition":                               {EN: "Give a template key or a definition.", ZH: "请提供模板或应用定义。"},
	"required.every_field_needs_x":                      {EN: "Every field needs an x-formloom keyword with its type.", ZH: "每个字段都需要 x-formloom 关键字声明类型。"},
	"required.form":                                     {EN: "Name the form.", ZH: "请指定表单。"},
	"required.form_schema_needs_properties":             {EN: "A form's schema needs \"properties\".", ZH: "表单结构缺少 \"properties\"。"},
	"required.formula_field_needs_expression":           {EN: "A formula field needs an expression.", ZH: "公式字段需要填写公式。"},
	"required.items":                                    {EN: "Each item names its app, form and record.", ZH: "每项须包含应用、表单和记录。"},
	"required.key":                                      {EN: "Enter a key for the new template.", ZH: "请填写新模板的 key。"},
	"required.lookup_field_name_field":                  {EN: "A lookup field must name the field it shows.", ZH: "引用字段必须指明要显示的字段。"},
	"required.member":                                   {EN: "Name the member.", ZH: "请指定成员。"},
	"required.name":                                     {EN: "Enter a name.", ZH: "请填写名称。"},
	"required.option_needs_non_empty":                   {EN: "An option needs a non-empty text value.", ZH: "选项需要非空的文本值。"},
	"required.owner":                                    {EN: "Choose the member submissions are stored as.", ZH: "请选择提交记录的归属成员。"},
	"required.pipeline":                                 {EN: "No pipeline.", ZH: "没有流程。"},
	"required.pipeline_member":                          {EN: "{what} is required here.", ZH: "此处必须填写 {what}。"},
	"required.relation_field_name_form":                 {EN: "A relation field must name its form.", ZH: "关联字段必须指明关联的表单。"},
	"required.robot_name":                               {EN: "Name the robot (the group it posts to).", ZH: "请填写机器人名称（所在群）。"},
	"required.rule_name_field_that":                     {EN: "A rule must name the field that shows its message.", ZH: "规则必须指明显示提示的字段。"},
	"required.rule_needs_condition_that":                {EN: "A rule needs a condition that must hold.", ZH: "规则需要填写必须成立的条件。"},
	"required.rule_needs_message_least":                 {EN: "A rule needs a message, at least in Chinese: {\"zh-CN\": \"…\", \"en\": \"…\"}.", ZH: "规则需要提示语，至少有中文：{\"zh-CN\": \"…\", \"en\": \"…\"}。"},
	"required.schema":                                   {EN: "Give the form's schema.", ZH: "请提供表单结构。"},
	"required.select_field_needs_least":                 {EN: "A select field needs at least one option.", ZH: "选择字段至少需要一个选项。"},
	"required.step":                                     {EN: "Required at this step.", ZH: "此节点必须填写。"},
	"required.sub_form_needs_properties":                {EN: "A sub-form needs properties for its rows.", ZH: "子表单需要为行定义 properties。"},
	"required.template_member":                          {EN: "{name} is required here.", ZH: "缺少必填项 {name}。"},
	"required.token_name":                               {EN: "Give the token a name.", ZH: "请填写令牌名称。"},
	"required.value":                                    {EN: "This field is required.", ZH: "此项为必填项。"},
	"required.version":                                  {EN: "Give the template version previewed.", ZH: "请提供预览时的模板版本。"},
	"reused.idempotency_key":                            {EN: "Used for another request.", ZH: "已用于其他请求。"},
	"server_owned.filled_server_cannot_required":        {EN: "{key} is filled by the server and cannot be required.", ZH: "{key} 由服务器填写，不能设为必填。"},
	"shared_join.node":                                  {EN: "The join {key} closes several parallel nodes ({splits}); give each its own join.", ZH: "汇聚节点 {key} 对应多个并行节点 {splits}，请为每个并行节点设置各自的汇聚节点。"},
	"smtp_auth.password":                                {EN: "The mail server refused the user name or password.", ZH: "邮件服务器拒绝了用户名或密码。"},
	"smtp_failed.host":                                  {EN: "Sending failed: {reason}", ZH: "发送失败：{reason}"},
	"timezone.calendar":                                 {EN: "Use an IANA timezone name such as Asia/Shanghai.", ZH: "请使用 IANA 时区名称，例如 Asia/Shanghai。"},
	"too_deep.parent":                                   {EN: "The tree may be at most {max} levels deep.", ZH: "部门层级不能超过 {max} 级。"},
	"too_deep.template":                                 {EN: "Objects and arrays nest at most {max} levels deep.", ZH: "对象与数组最多嵌套 {max} 层。"},
	"too_large.template":                                {EN: "A template has at most {max} bytes of JSON; this one has {size}.", ZH: "模板的 JSON 最多 {max} 字节，当前为 {size} 字节。"},
	"too_long.comment":                                  {EN: "The comment is too long.", ZH: "意见过长。"},
	"too_long.idempotency_key":                          {EN: "The idempotency key is too long.", ZH: "幂等键过长。"},
	"too_long.name":                                     {EN: "Use at most 100 characters.", ZH: "不能超过 100 个字符。"},
	"too_long.password":                                 {EN: "Use at most 256 bytes.", ZH: "密码不能超过 256 字节。"},
	"too_long.search_text":                              {EN: "At most {max} characters.", ZH: "最多 {max} 个字符。"},
	"too_many.dates":                                    {EN: "Use at most {max} dates.", ZH: "最多 {max} 个日期。"},
	"too_many.ids":                                      {EN: "Too many notifications at once.", ZH: "一次标记的通知过多。"},
	"too_many.link_matches":                             {EN: "At most {max} conditions.", ZH: "联动条件最多 {max} 个。"},
	"too_many.periods":                                  {EN: "Use at most {max} periods.", ZH: "最多 {max} 个时段。"},
	"too_many.robots":                                   {EN: "At most 20 robots.", ZH: "最多 20 个机器人。"},
	"too_many_edges.node":                               {EN: "A {type} node has one outgoing edge; use a condition or parallel node to branch.", ZH: "此类节点只能有一条出线；分支请使用条件节点或并行节点。"},
	"too_short.password":                                {EN: "Use at least 8 characters.", ZH: "密码至少需要 8 个字符。"},
	"type.body":                                         {EN: "Expected {type}.", ZH: "类型应为 {type}。"},
	"type.linked_match":                                 {EN: "{label} must be one value to find the linked record.", ZH: "「{label}」必须是单个值，才能查找联动的数据。"},
	"type.number":                                       {EN: "{value} is not a number.", ZH: "“{value}”不是有效的数字。"},
	"type.rows_json":                                    {EN: "Sub-form rows must be JSON such as [{\"qty\": 1}]: {detail}", ZH: "子表单行必须是 JSON，如 [{\"qty\": 1}]：{detail}"},
	"type.template":                                     {EN: "{reason}.", ZH: "类型错误：应为 {types}。"},
	"type.value":                                        {EN: "Must be {types}.", ZH: "必须是{types}。"},
	"type.yes_no":                                       {EN: "{value} is not yes or no (是/否, true/false).", ZH: "“{value}”不是“是”或“否”。"},
	"type_mismatch.accept_list_media_types":             {EN: "accept must be a list of media types.", ZH: "accept 必须是媒体类型列表。"},
	"type_mismatch.field_needs_items_type":              {EN: "This field needs \"items\": {\"type\": \"string\"}.", ZH: "该字段需要 \"items\": {\"type\": \"string\"}。"},
	"type_mismatch.field_schema_object":                 {EN: "A field's schema must be an object.", ZH: "字段结构必须是对象。"},
	"type_mismatch.form_schema_have_type":               {EN: "A form's schema must have \"type\": \"object\".", ZH: "表单结构必须声明 \"type\": \"object\"。"},
	"type_mismatch.form_schema_json_object":             {EN: "A form's schema must be a JSON object.", ZH: "表单结构必须是 JSON 对象。"},
	"type_mismatch.formula_gives_but_field":             {EN: "The formula gives {type} but the field holds {kind}.", ZH: "公式的结果是 {type}，但字段类型是 {kind}。"},
	"type_mismatch.integer_field_cannot_have":           {EN: "An integer field cannot have decimals.", ZH: "整数字段不能有小数位。"},
	"type_mismatch.json_format":                         {EN: "A {type} field needs \"format\": {format}.", ZH: "{type} 类型的字段需要 \"format\": {format}。"},
	"type_mismatch.json_type":                           {EN: "A {type} field needs \"type\": {types}.", ZH: "{type} 类型的字段需要 \"type\": {types}。"},
	"type_mismatch.linked_default_object_form":          {EN: "A linked default is an object: form, match and value.", ZH: "数据联动必须是对象：form、match 和 value。"},
	"type_mismatch.linked_value":                        {EN: "{source} holds a {sourcetype}; {field} needs a {fieldtype}.", ZH: "「{source}」的值类型（{sourcetype}）与「{field}」（{fieldtype}）不同。"},
	"type_mismatch.multiple_true_false":                 {EN: "multiple must be true or false.", ZH: "multiple 必须是 true 或 false。"},
	"type_mismatch.multiselect_field_needs_items":       {EN: "A multiselect field needs \"items\" of type string with an enum.", ZH: "多选字段需要 \"items\"（字符串类型并带 enum）。"},
	"type_mismatch.multiselect_field_needs_uniqueitems": {EN: "A multiselect field needs \"uniqueItems\": true.", ZH: "多选字段需要 \"uniqueItems\": true。"},
	"type_mismatch.not_relation_field":                  {EN: "{relation} is not a relation field.", ZH: "{relation} 不是关联字段。"},
	"type_mismatch.option_object_with_value":            {EN: "An option must be an object with a value and a label.", ZH: "选项必须是包含 value 和 label 的对象。"},
	"type_mismatch.read_only":                           {EN: "A {type} field is filled by the server and needs \"readOnly\": true.", ZH: "{type} 类型的字段由服务器填写，需要 \"readOnly\": true。"},
	"type_mismatch.rule_object_with_expr":               {EN: "A rule must be an object with expr, field and message.", ZH: "规则必须是包含 expr、field 和 message 的对象。"},
	"type_mismatch.rules":                               {EN: "rules must be a list of at most {max} rules.", ZH: "rules 必须是不超过 {max} 条规则的列表。"},
	"type_mismatch.sub_form_needs_items":                {EN: "A sub-form needs \"items\": {\"type\": \"object\", \"properties\": {…}}.", ZH: "子表单需要 \"items\": {\"type\": \"object\", \"properties\": {…}}。"},
	"type_mismatch.title_field_hold_text":               {EN: "The title field must hold text, a number or a date.", ZH: "标题字段必须是文本、数字或日期。"},
	"type_mismatch.unique_true_false":                   {EN: "unique must be true or false.", ZH: "unique 必须是 true 或 false。"},
	"type_mismatch.x_formloom_object":                   {EN: "x-formloom must be an object.", ZH: "x-formloom 必须是对象。"},
	"unique.email":                                      {EN: "Already in use.", ZH: "已被使用。"},
	"uniqueItems.template":                              {EN: "{reason}.", ZH: "列表中有重复项。"},
	"uniqueItems.value":                                 {EN: "Must not contain the same item twice.", ZH: "不能包含重复项。"},
	"unjoined_branch.node":                              {EN: "A branch of the parallel node {split} reaches an end or leaves the split without passing its join.", ZH: "并行节点 {split} 的某个分支未经汇聚节点就结束或离开了并行区域。"},
	"unknown_column.header":                             {EN: "Column {name} ({shown}) matches no field of this form.", ZH: "第 {name} 列（“{shown}”）与表单中的字段都不对应。"},
	"unknown_column.no_header":                          {EN: "Column {name} has a value but no header.", ZH: "第 {name} 列有内容但没有表头。"},
	"unknown_department.dashboard":                      {EN: "No such department.", ZH: "没有该部门。"},
	"unknown_department.department":                     {EN: "No such department in this workspace.", ZH: "本工作区没有该部门。"},
	"unknown_event.events":                              {EN: "Unknown kind of event.", ZH: "未知的事件类型。"},
	"unknown_field.body":                                {EN: "Unknown field.", ZH: "未知字段。"},
	"unknown_field.expression":                          {EN: "The expression names {names}, which is not a field of the form {form}.", ZH: "表达式中的 {names} 不是表单 {form} 的字段。"},
	"unknown_field.field":                               {EN: "The form has no such field.", ZH: "表单没有该字段。"},
	"unknown_field.form_field":                          {EN: "The form {form} has no field {field}.", ZH: "表单 {form} 中没有字段 {field}。"},
	"unknown_field.form_has_no_field":                   {EN: "This form has no field {field}.", ZH: "本表单中没有字段 {field}。"},
	"unknown_field.formula_uses_which_not":              {EN: "The formula uses {name}, which is not a field here.", ZH: "公式使用了 {name}，但这里没有该字段。"},
	"unknown_field.linkage":                             {EN: "This form has no field {field}.", ZH: "表单中没有字段 {field}。"},
	"unknown_field.linked_form":                         {EN: "The form {form} has no field {key}.", ZH: "表单「{form}」中没有字段 {key}。"},
	"unknown_field.migration":                           {EN: "Not a field of the target version that a migration can fill.", ZH: "不是目标版本中可由迁移填写的字段。"},
	"unknown_field.not_field_form":                      {EN: "{key} is not a field of this form.", ZH: "{key} 不是本表单的字段。"},
	"unknown_field.not_row_field":                       {EN: "{quoted} is a field of the form, not of the row: write parent.{name}.", ZH: "{quoted} 是表单字段而不是行字段：请写 parent.{name}。"},
	"unknown_field.parent_field":                        {EN: "The form has no field {quoted} for parent.{field}.", ZH: "表单没有字段 {quoted}（parent.{field}）。"},
	"unknown_field.pipeline_form":                       {EN: "The form {form} has no field {key}.", ZH: "表单 {form} 中没有字段 {key}。"},
	"unknown_field.public":                              {EN: "This form does not ask for this field.", ZH: "表单未要求填写该字段。"},
	"unknown_field.query":                               {EN: "{reason}", ZH: "字段不存在。"},
	"unknown_field.record":                              {EN: "Unknown field.", ZH: "未知字段。"},
	"unknown_field.row_field":                           {EN: "The sub-form has no such field.", ZH: "子表单中没有该字段。"},
	"unknown_field.simulate":                            {EN: "The form has no such field.", ZH: "表单没有此字段。"},
	"unknown_field.sub_form_column":                     {EN: "The sub-form {sub} has no field {field}.", ZH: "子表单 {sub} 没有字段 {field}。"},
	"unknown_field.there_no_relation_field":             {EN: "There is no relation field {relation} next to this lookup.", ZH: "该引用字段旁没有关联字段 {relation}。"},
	"unknown_field.title_field_not_field":               {EN: "The title field {key} is not a field of this form.", ZH: "标题字段 {key} 不是本表单的字段。"},
	"unknown_field.ui_order":                            {EN: "ui:order names {key}, which is not a field of this form.", ZH: "ui:order 中的 {key} 不是本表单的字段。"},
	"unknown_field.ui_schema":                           {EN: "The uiSchema names {key}, which is not a field of this form.", ZH: "uiSchema 中的 {key} 不是本表单的字段。"},
	"unknown_field.visitor":                             {EN: "Not a field visitors can use: {key}", ZH: "不是访客可用的字段：{key}"},
	"unknown_form.automation":                           {EN: "There is no form {form} in this template.", ZH: "模板中没有表单 {form}。"},
	"unknown_form.form":                                 {EN: "The app has no such form.", ZH: "应用没有该表单。"},
	"unknown_form.relation":                             {EN: "There is no form {form} in this app.", ZH: "应用中没有表单 {form}。"},
	"unknown_form.there_no_form_template":               {EN: "There is no form {key} in this template.", ZH: "模板中没有表单 {key}。"},
	"unknown_key.query":                                 {EN: "{reason}", ZH: "不支持的成员。"},
	"unknown_key.value":                                 {EN: "{name} is not a member of this object; allowed: {allowed}.", ZH: "不支持成员 {name}，允许的成员：{allowed}。"},
	"unknown_keyword.field_type":                        {EN: "{keyword} does not apply to {type} fields.", ZH: "{keyword} 不适用于 {type} 类型的字段。"},
	"unknown_keyword.link_match":                        {EN: "{keyword} is not a setting of a condition (field, equals).", ZH: "{keyword} 不是联动条件的设置（field、equals）。"},
	"unknown_keyword.linked_default":                    {EN: "{keyword} is not a setting of a linked default (form, match, value).", ZH: "{keyword} 不是数据联动的设置（form、match、value）。"},
	"unknown_keyword.option":                            {EN: "Options have no {keyword}.", ZH: "选项没有 {keyword} 属性。"},
	"unknown_keyword.rule":                              {EN: "Rules have no {keyword}.", ZH: "规则没有 {keyword} 属性。"},
	"unknown_member.simulate":                           {EN: "Not a member.", ZH: "不是成员。"},
	"unknown_member.user":                               {EN: "Not a member of this workspace.", ZH: "不是本工作区成员。"},
	"unknown_node.automation":                           {EN: "The pipeline of the form {form} has no node {node}.", ZH: "表单 {form} 的流程中没有节点 {node}。"},
	"unknown_node.pipeline":                             {EN: "There is no node {node} in this pipeline.", ZH: "流程中没有节点 {node}。"},
	"unknown_operator.query":                            {EN: "{reason}", ZH: "不支持的运算符或统计函数。"},
	"unknown_option.deadline":                           {EN: "The select field {field} has no option {option}.", ZH: "单选字段 {field} 没有选项 {option}。"},
	"unknown_param.query":                               {EN: "{reason}", ZH: "不支持的参数。"},
	"unknown_pipeline.simulate":                         {EN: "No such flow.", ZH: "没有此流程。"},
	"unknown_record.record":                             {EN: "No such record in this form.", ZH: "该表单没有这条记录。"},
	"unknown_role.pipeline":                             {EN: "There is no role {role} in this template.", ZH: "模板中没有角色 {role}。"},
	"unknown_role.there_no_role_template":               {EN: "There is no role {key} in this template.", ZH: "模板中没有角色 {key}。"},
	"unknown_type.field_type":                           {EN: "Unknown field type {type}.", ZH: "未知的字段类型 {type}。"},
	"unknown_version.trial":                             {EN: "No such version.", ZH: "没有此版本。"},
	"unreachable.node":                                  {EN: "The node {key} cannot be reached from the start.", ZH: "从开始节点无法到达节点 {key}。"},
	"url_scheme.value":                                  {EN: "Must be a web address starting with http:// or https://.", ZH: "网址必须以 http:// 或 https:// 开头。"},
	"when_and_else.edge":                                {EN: "An edge has either a condition (when) or else, not both.", ZH: "连线只能设置条件（when）或 else 之一。"},
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

// FillAll puts several values in at once, each in place of its {name}, in one pass: the way
// to fill a message with two things a person wrote (two labels), since a value that spells
// the other's placeholder is kept as written.
func (f FieldError) FillAll(values map[string]Text) FieldError {
	en := make([]string, 0, 2*len(values))
	zh := make([]string, 0, 2*len(values))
	for name, v := range values {
		en = append(en, "{"+name+"}", v.EN)
		zh = append(zh, "{"+name+"}", v.ZH)
	}
	f.Text = Text{EN: strings.NewReplacer(en...).Replace(f.Text.EN), ZH: strings.NewReplacer(zh...).Replace(f.Text.ZH)}
	return f
}

// Quoted is a label as a message names it: the English text quoted as Go quotes a string,
// the Chinese one as written (the Chinese message puts it in 「」 itself).
func Quoted(en, zh string) Text {
	return Text{EN: strconv.Quote(en), ZH: zh}
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

// FieldCodes lists the distinct codes of the field catalogue, sorted: what the web UI may
// map in an error's fields.
func FieldCodes() []string {
	seen := map[string]bool{}
	var out []string
	for key := range fieldCatalogue {
		code, _, _ := strings.Cut(key, ".")
		if !seen[code] {
			seen[code] = true
			out = append(out, code)
		}
	}
	sort.Strings(out)
	return out
}

// LookupField returns the message of a field catalogue key.
func LookupField(key string) (Text, bool) {
	t, ok := fieldCatalogue[key]
	return t, ok
}
