//! Word pools for synthetic requesters, notes and reasons, in English and Chinese.

/// Surnames with their pinyin, for names and matching email handles.
pub const ZH_SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("林", "lin"),
];

pub const ZH_GIVEN: &[(&str, &str)] = &[
    ("芳", "fang"),
    ("伟", "wei"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("洋", "yang"),
    ("艳", "yan"),
    ("勇", "yong"),
    ("军", "jun"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("晓东", "xiaodong"),
    ("佳怡", "jiayi"),
    ("子涵", "zihan"),
    ("浩然", "haoran"),
];

pub const EN_GIVEN: &[&str] = &[
    "Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sophia", "James", "Isla", "Jack", "Mia", "Lucas", "Aoife",
    "Seán", "Lena", "Jonas", "Camila", "João", "Chloé", "Mateo", "Priya", "Arjun", "Fatima", "Omar",
];

pub const EN_SURNAMES: &[&str] = &[
    "Smith", "Murphy", "Kelly", "Müller", "Schmidt", "Jones", "Brown", "Taylor", "Wilson", "García", "Silva", "Santos",
    "Tremblay", "Roy", "Patel", "Khan", "O'Brien", "Walsh", "Becker", "Costa", "Martin", "Lee",
];

pub const ZH_DOMAINS: &[&str] = &["qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "aliyun.com"];
pub const EN_DOMAINS: &[&str] =
    &["gmail.com", "outlook.com", "yahoo.com", "proton.me", "gmx.de", "eircom.net", "btinternet.com", "uol.com.br"];

pub const AGENTS: &[&str] = &["li.na", "wang.fang", "j.murphy", "s.becker", "a.silva", "m.chen"];

pub const NOTES_EN: &[&str] = &[
    "Requester called to confirm the request.",
    "Searched CRM, billing and the support desk; records found in CRM and billing.",
    "Asked the data team for an export of the account.",
    "Export received from the data team; checking it for third-party data.",
    "Marketing lists checked: the address is on the newsletter list.",
    "Erasure ticket raised with engineering.",
    "Engineering confirmed the deletion in production and backups are scheduled to roll off.",
    "Requester asked for the reply by post as well.",
    "Checked the order history for the last three years.",
    "Legal hold checked: none applies.",
];

pub const NOTES_ZH: &[&str] = &[
    "已电话联系用户，确认请求内容。",
    "已检索客户管理系统、账单系统和客服系统，在客户管理和账单系统中找到记录。",
    "已请数据团队导出该账户的个人信息。",
    "已收到数据团队的导出文件，正在检查是否包含第三方信息。",
    "已核对营销名单：该邮箱在订阅名单中。",
    "已向研发提交删除工单。",
    "研发确认生产环境已删除，备份将按周期自动覆盖。",
    "用户要求同时以邮寄方式答复。",
    "已核查近三年的订单记录。",
    "已确认不存在法律保全要求。",
];

pub const REFUSALS: &[&str] = &[
    "Manifestly unfounded: the same request was answered last month.",
    "The data is needed to defend a pending legal claim.",
    "无法核实请求人与账户的关系，且请求人拒绝提供进一步信息。",
    "Retention is required by tax law for another two years.",
];

pub const REOPENS: &[&str] = &[
    "Requester reports records missing from the export.",
    "用户反馈账户仍可登录，需要重新处理。",
    "Identity proof arrived after closure.",
];
