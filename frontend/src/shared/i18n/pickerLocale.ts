// Date pickers name months and weekdays through dayjs in the picker's language ('zh-cn' from
// antd's zh_CN locale); dayjs knows only English until that language is loaded. Modules that
// render a date picker import this, so the sign-in page does not carry it.
import 'dayjs/locale/zh-cn';
