"""Every rule code gkssg reports, in one registry: code → stage, severity, one-line Chinese summary.

A code is stable: users grep for it, CI configurations and `--format github` annotations name it,
and docs/checks.md explains it. Codes collided when two branches picked the same free number, so
every code lives here and nowhere else is one invented: tests/test_rule_codes.py scans gkssg/ for
code literals and fails on a code that is emitted but not registered (or not documented in
docs/checks.md), registered but never emitted, or registered twice. `Findings.add` refuses an
unregistered code. The semantic rules (checks/) register their codes with `document_rule` /
`site_rule` as well; those must be "check" codes here.
"""

from __future__ import annotations

from dataclasses import dataclass

# stage → its Chinese name (docs/checks.md "全部规则编号" says where each stage's codes are explained)
STAGES = {
    "config": "catalog.yaml 与主题",
    "output": "输出目录、缓存与部署",
    "load": "读入：文件与前置信息",
    "check": "检查规则",
    "ipv6": "IPv6 就绪检查",
    "lifecycle": "有效性与政策解读",
    "annual": "政府信息公开工作年度报告",
}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class RuleCode:
    """One stable rule code."""

    code: str  # "GK201"
    stage: str  # a key of STAGES
    severities: tuple[str, ...]  # the severities it is reported with ("error", "warning", "info")
    summary: str  # one line, Chinese

    @property
    def severity_text(self) -> str:
        return "/".join(SEVERITY_NAMES[s] for s in self.severities)


def _codes(stage: str, *rows: tuple[str, str, str]) -> list[RuleCode]:
    return [RuleCode(code, stage, tuple(severities.split("/")), summary) for code, severities, summary in rows]


ERROR, WARNING, INFO = "error", "warning", "info"
ERROR_OR_WARNING, WARNING_OR_INFO = "error/warning", "warning/info"

REGISTRY: tuple[RuleCode, ...] = tuple([
    *_codes(
        "config",
        ("GK001", ERROR, "找不到 catalog.yaml，或它不是普通文件"),
        ("GK002", ERROR, "catalog.yaml 不是 UTF-8 编码，或不是有效的 YAML（含键后的全角冒号、层数过多）"),
        ("GK003", ERROR, "catalog.yaml 中有未知字段"),
        ("GK004", ERROR, "catalog.yaml 中字段的类型或取值不对（映射、文本、正整数、网址、日期）"),
        ("GK005", ERROR, "catalog.yaml 缺少必填字段，或机构没有 credit_code、org_code、local_code 之一"),
        ("GK006", ERROR, "机构 id、机构名称或同级栏目的名称、slug 重复"),
        ("GK007", ERROR, "机构 id 或栏目 slug 含有小写字母、数字和连字符以外的字符"),
        ("GK008", ERROR, "栏目的 kind 或 form 无效，或非依申请公开栏目写了 apply_url、apply_ways"),
        ("GK009", ERROR, "catalog.yaml 中有重复的键"),
        ("GK010", ERROR, "catalog.yaml 中的别名过多、引用自身或嵌套过深，或用了不允许的 YAML 类型标记"),
        ("GK011", ERROR, "site.timezone 不是有效的时区名"),
        ("GK012", ERROR, "site.index_no_pattern 或机构的 index_no_pattern 不是有效的正则表达式、缺少命名分组，或可能灾难性回溯"),
        ("GK013", ERROR, "机构的目录（folders）不是站点内的相对路径"),
        ("GK014", ERROR, "机构的 org_code 不符合 GB 11714 校验位"),
        ("GK015", ERROR, "site.police_emblem 或 conac_badge 不是站点内可用的图片"),
        ("GK016", ERROR, "写进页面链接的网址字段不是 http(s) 网址或以 / 开头的本站路径"),
        ("GK017", ERROR, "形如统一社会信用代码的 local_code 校验位不对（确是自编的写 local_code_not_credit: true）"),
        ("GK018", ERROR, "catalog.yaml 的文字（站点名称、栏目名称、申请方式等）中含有控制字符或双向文字控制符，会原样写进每个网页"),
        ("GK019", ERROR, "机构的目录（folders）不存在、不是文件夹或不在 content/ 下，其中的文档不会发布"),
        ("GK020", ERROR, "theme 不是 themes/ 下一个文件夹的名字（是路径），按 default 主题处理"),
        ("GK021", ERROR, "主题 static/ 中有不能发布的文件（目录外的链接、特殊文件、文档源文件、不允许的类型），构建停止"),
        ("GK022", ERROR, "主题模板出错（语法错误、没有定义的变量或属性、引用的模板不存在、方括号读取正文），构建停止，输出目录不变"),
    ),
    *_codes(
        "output",
        ("GK050", ERROR, "--out 指向站点目录、content/、themes/ 等受保护位置或其上级"),
        ("GK051", ERROR, "--out 是已存在、非空且不是 gkssg 生成的目录，或不是目录"),
        ("GK052", ERROR, "文件系统拒绝写入：只读、已满、文件超过大小上限（ulimit -f）、跨文件系统、忙或没有权限"),
        ("GK053", ERROR, "部署包目标已存在，且不是 gkssg 生成的部署包"),
        ("GK054", ERROR, "部署目录或 base_url 的域名不安全（系统目录、特殊字符）"),
        ("GK055", ERROR, "缓存目录 .gkssg 是符号链接或不是目录，或其中的构建锁、缓存或事实索引文件是符号链接"),
        ("GK056", ERROR, "bundle --no-build 时 public/ 不是上一次构建的原样，或是按将来日期预览构建的"),
        ("GK057", ERROR, "--executor 不是可用的 Dask 调度器地址，或 Dask 集群连不上、没有 worker、worker 不可用或反复退出"),
        ("GK058", ERROR, "构建期间输出目录被另一次构建替换，或被移走、换成别的目录、符号链接被改指，本次构建停止且不改动它"),
        ("GK059", ERROR, "gkssg 自己的输出目录里有不是 gkssg 生成的文件（用户放入的上传文件、.htaccess 等），构建停止，输出目录不变"),
        ("GK060", ERROR, "缓存的搜索索引（.gkssg/search/）中的文件与记录不符（已损坏或被改动），构建停止，缓存已丢弃，重新构建即可"),
    ),
    *_codes(
        "load",
        ("GK100", ERROR, "无法读取文件"),
        ("GK101", ERROR, "文件是 GBK/GB18030 编码，不是 UTF-8"),
        ("GK102", ERROR, "文件不是有效的 UTF-8 文本"),
        ("GK103", WARNING, "文件开头有 BOM，已忽略"),
        ("GK104", ERROR, "前置信息的字段名后用了全角冒号“：”"),
        ("GK105", ERROR, "前置信息用 Tab 缩进"),
        ("GK106", ERROR, "文件开头缺少前置信息，或前置信息没有结束的“---”行"),
        ("GK107", ERROR, "前置信息不是有效的 YAML"),
        ("GK108", ERROR, "前置信息不是“字段名: 值”的映射"),
        ("GK109", ERROR, "前置信息中用了 YAML 别名、锚点或类型标记"),
        ("GK110", ERROR, "前置信息中有未知字段"),
        ("GK111", ERROR, "前置信息中同一字段写了两次（含中英文别名）或映射中有重复的键"),
        ("GK113", ERROR, "文档文件超过 5 MB"),
        ("GK114", ERROR, "文档、附件或图片的符号链接循环"),
        ("GK115", ERROR, "文件名或文件夹名不是 UTF-8"),
        ("GK116", WARNING, "名为 .md 的不是普通文件（管道、设备、套接字），不读取"),
        ("GK117", ERROR, "文档文件，或它的附件、正文引用的图片和文件、媒体文件在构建过程中被修改或删除（被换成不能发布的文件），或集群 worker 读到的是另一份文件，构建停止且原有输出不变"),
        ("GK118", ERROR, "content/ 中有无法读取的文件夹（权限不足等），其中的文档不会发布"),
        ("GK119", ERROR, "找不到内容目录 content/，或它不是文件夹"),
        ("GK120", "error/info", "本次构建不会发布任何文档（content/ 中没有文档，或按构建日期没有一篇公开），或会使输出目录中超过一半且超过 10 个文件页消失，或 content/ 中有没有检出的 git 子模块：不构建，原有输出不变；部署包没有文件页时不生成（有意如此用 --allow-empty，即 --allow-drop）；check --out 指定的输出目录不存在时为提示（没有可比较的文件页）"),
        ("GK121", ERROR, "日期无效、不存在或带时区"),
        ("GK122", ERROR, "字段的写法不对（应为文字却是列表或映射，附件项、演示的写法）"),
        ("GK123", ERROR, "有效性的取值无效"),
        ("GK124", ERROR, "公开属性的取值无效，本文件不发布"),
        ("GK125", ERROR, "解读形式的取值无效"),
        ("GK126", INFO, "公开属性没有填写，按默认值“主动公开”发布"),
        ("GK127", ERROR, "标题超过 200 字，或其他字段超过 1,000 字"),
        ("GK128", WARNING, "发文字号只有括号和“号”字（网站模板的空壳），按没有发文字号处理"),
        ("GK129", ERROR, "字段的文字中含有控制字符（多为双引号里的反斜杠被 YAML 读成了转义，如 \\0、\\b），会原样写进网页"),
        ("GK130", ERROR, "字段的文字或正文中含有双向文字控制符（U+202A–U+202E、U+2066–U+2069，如从右到左覆盖），文字会倒过来或换了次序显示；同一行内成对闭合、只包住维吾尔文等从右到左文字的嵌入或隔离除外"),
        ("GK131", ERROR, "正文含有 <script> 标签"),
        ("GK132", ERROR, "正文含有嵌入标签、事件属性或 javascript: 链接"),
        ("GK133", WARNING, "字段的文字或正文中含有看不见的字符（零宽空格、零宽连字、BOM、标签字符、行分隔符等；藏文字符之间的零宽空格、表情符号序列中的零宽连字除外）"),
        ("GK134", WARNING_OR_INFO, "正文含有控制字符（转义字符、退格、C1 等），网页上已删去；只有垂直制表符、换页（Word 的手动换行、分页符）时为提示，按换行显示"),
        ("GK135", ERROR, "正文的属性列表（{: … }）设置链接或图片的地址（src、href 等），发布时忽略"),
        ("GK501", ERROR, "公开路径在栏目树中找不到"),
        ("GK502", ERROR, "公开路径有歧义（对应多个栏目）"),
        ("GK701", ERROR, "附件或引用的文件写了绝对路径"),
        ("GK702", ERROR, "附件或引用的文件在 content/ 以外（.. 或指向外面的符号链接）"),
        ("GK704", ERROR, "附件或引用的文件不存在，或路径中含有控制字符（双引号里的反斜杠被读成了转义）"),
        ("GK705", ERROR, "content/ 中的文档或文件夹是指向 content/ 以外、不存在的位置或隐藏文件夹的符号链接，不读取"),
    ),
    *_codes(
        "check",
        ("GK201", ERROR, "缺少必填项（标题、索引号、发布机构、主题分类、成文日期、发布日期、公开路径）"),
        ("GK202", ERROR, "规章、规范性文件没有填写有效性"),
        ("GK203", ERROR, "成文日期晚于发布日期"),
        ("GK204", ERROR, "有效性不是规定的取值"),
        ("GK205", ERROR, "主题分类不在 catalog.yaml 的主题分类表中"),
        ("GK206", ERROR, "体裁分类不在体裁分类表中"),
        ("GK207", WARNING, "内容概述超过 100 字"),
        ("GK208", ERROR, "发布机构不是 catalog.yaml 中登记的机构"),
        ("GK209", INFO, "发布日期晚于构建日期，到期前不发布"),
        ("GK301", ERROR, "索引号不符合本站格式"),
        ("GK302", ERROR, "索引号中统一社会信用代码的字符或校验位不对（GB 32100）"),
        ("GK303", ERROR, "统一社会信用代码中组织机构代码的校验位不对（GB 11714）"),
        ("GK304", ERROR, "索引号中组织机构代码的字符或校验位不对（GB 11714）"),
        ("GK305", ERROR, "索引号重复"),
        ("GK306", WARNING, "索引号年份与发布日期、成文日期的年份不一致"),
        ("GK307", ERROR, "索引号中的机构代码不属于发布机构"),
        ("GK308", ERROR, "文件所在目录不属于发布机构"),
        ("GK309", WARNING, "有文件的机构没有登记 credit_code、org_code 或 local_code"),
        ("GK401", ERROR, "发文字号无法识别"),
        ("GK402", WARNING, "发文字号写法不规范（括号、年份、“第”、前导零、空格）"),
        ("GK403", WARNING, "发文字号年份与成文日期年份不一致"),
        ("GK510", WARNING, "空白栏目"),
        ("GK511", WARNING, "栏目不更新"),
        ("GK512", ERROR_OR_WARNING, "空白栏目达到 5 个：单项否决（构建时为警告）"),
        ("GK513", ERROR_OR_WARNING, "未及时更新栏目达到 5 个：单项否决（构建时为警告）"),
        ("GK514", INFO, "空白或未更新栏目的数量（未达到单项否决线）"),
        ("GK515", INFO, "没有已发布文件、构建时不发布的栏目"),
        ("GK601", ERROR, "居民身份证号码"),
        ("GK602", WARNING, "手机号码"),
        ("GK603", ERROR, "银行卡号"),
        ("GK604", INFO, "列入“允许公开号码”的号码"),
        ("GK605", WARNING, "“允许公开号码”中的号码在文中没有出现"),
        ("GK710", ERROR, "doc:索引号 链接指向不存在的文件"),
        ("GK711", ERROR, "指向 .md 的相对链接不是本站的文件"),
        ("GK712", WARNING, "链接指向的文件在构建日尚未公开"),
        ("GK713", ERROR, "图片或媒体指向一篇文件（doc:索引号 或 .md），网页上无法显示"),
        ("GK720", ERROR, "图片、附件、媒体用了绝对路径"),
        ("GK721", ERROR, "图片、附件经 .. 跑出 content/"),
        ("GK722", ERROR, "引用的图片、附件不存在，或是一个文件夹"),
        ("GK723", ERROR, "引用的文件是指向 content/ 之外的符号链接或循环链接"),
        ("GK724", ERROR, "文件类型不允许发布，或内容与扩展名不符，或不是普通文件，或文件名中含有控制字符、从右到左等方向控制符、看不见的字符或行分隔符"),
        ("GK725", ERROR, "附件、链接的文件是文档源文件"),
        ("GK726", ERROR, "文件只被不予公开、依申请公开的文件引用"),
        ("GK727", WARNING, "文件只被尚未到发布日期的文件引用"),
        ("GK728", ERROR, "附件、链接的文件、图片是隐藏文件或在隐藏文件夹中"),
        ("GK730", ERROR, "链接主机是 IPv4 地址"),
        ("GK731", ERROR, "网址在 http:、https: 或 ftp: 后缺少“//”（如 https:files/a.docx），链接打不开"),
        ("GK732", WARNING, "正文的 HTML 标签（<video>、<audio>、<font>、<style> 等）发布时会被删除"),
        ("GK770", INFO, "已公开文件链接的外部网站清单"),
    ),
    *_codes(
        "ipv6",
        ("GK780", ERROR, "地址的主机是 IPv4 地址"),
        ("GK781", ERROR, "从其他主机加载资源"),
        ("GK782", ERROR, "<base href> 指向其他主机"),
        ("GK783", WARNING, "指向本站域名，但协议或端口与 base_url 不同"),
        ("GK784", ERROR, "指向 localhost"),
        ("GK785", WARNING, "外部链接的域名没有 AAAA 记录（--resolve）"),
        ("GK786", ERROR, "本站域名没有 AAAA 记录（--resolve）"),
        ("GK787", WARNING, "内联脚本或 on… 事件属性（CSP 会阻止）"),
        ("GK788", WARNING, "内联样式（CSP 会阻止）"),
        ("GK789", INFO, "脚本中出现其他主机的地址"),
    ),
    *_codes(
        "lifecycle",
        ("GK801", ERROR, "有效性为“废止”但没有废止日期"),
        ("GK802", WARNING, "废止日期或有效期至早于成文日期"),
        ("GK803", ERROR, "替代文件的索引号不存在"),
        ("GK804", ERROR, "修改文件的索引号不存在"),
        ("GK805", ERROR, "替代、修改关系形成循环"),
        ("GK806", WARNING, "公开文件的替代、修改文件不是已发布的主动公开文件"),
        ("GK807", WARNING, "有效性为“失效”但没有有效期至或替代文件"),
        ("GK808", INFO, "写的有效性与按构建日期计算的不同"),
        ("GK809", WARNING, "有效性为“已修改”但没有修改文件"),
        ("GK810", WARNING, "另一文件的正文写明本文件（按发文字号）废止或失效，本文件仍显示为有效"),
        ("GK820", ERROR, "解读对象的索引号不存在"),
        ("GK821", ERROR, "已发布的解读所解读的政策文件不是已发布的主动公开文件"),
        ("GK822", ERROR, "解读对象是本文件自己"),
        ("GK823", ERROR, "解读形式不是 文字 / 图片 / 视频"),
        ("GK824", ERROR, "解读对象写成映射（本站以外的政策）时缺少标题、有无法识别的键，或写成了列表、数字"),
        ("GK825", ERROR, "本站以外政策的链接不是 http(s) 网址或带有用户名密码"),
        ("GK826", ERROR, "本站以外政策的链接以 IPv4 地址为主机名"),
        ("GK827", INFO, "政策解读栏目中的文件没有解读对象"),
        ("GK840", ERROR, "media 格式不对或有无法识别的键"),
        ("GK841", ERROR, "媒体文件不存在、位于站点之外或是一个文件夹"),
        ("GK842", ERROR, "图片没有替代文本"),
        ("GK843", ERROR, "视频不是 MP4/WebM，或图片不是网页可显示的格式"),
        ("GK844", ERROR, "视频没有封面图，或封面不是图片"),
        ("GK845", ERROR, "字幕不是 WebVTT"),
        ("GK846", ERROR, "图片或视频解读没有媒体"),
        ("GK850", WARNING, "解读晚于政策文件发布超过 3 个工作日"),
    ),
    *_codes(
        "annual",
        ("GK900", ERROR, "年报数据不是映射、有重复的键或 YAML 别名，或年报数据文件不存在、不是有效的 YAML"),
        ("GK901", ERROR, "年报数据的表名不对"),
        ("GK902", ERROR, "年报数据中没有这一行"),
        ("GK903", ERROR, "年报数据中没有这一列，或数字个数不对"),
        ("GK904", ERROR, "不是数字、件数有小数、件数或金额为负数"),
        ("GK905", WARNING_OR_INFO, "空白或标为不适用的单元格，按 0 计算"),
        ("GK906", WARNING, "缺少的表、行或列，按 0 计算"),
        ("GK907", ERROR, "auto 写在了第二十条第（一）项以外"),
        ("GK908", ERROR_OR_WARNING, "未知的年报格式或无法确定年度（错误）；年度与标题中的年份不一致（警告）"),
        ("GK909", INFO, "年报栏目中的文档没有年报数据"),
        ("GK910", ERROR_OR_WARNING, "表三每一列：本年新收 + 上年结转 ≠ 总计 + 结转下年度（照登时为警告）"),
        ("GK911", ERROR_OR_WARNING, "表三每一列：总计 ≠ 各项办理结果之和（照登时为警告）"),
        ("GK912", ERROR_OR_WARNING, "表三每一行：总计 ≠ 自然人 + 法人或其他组织（照登时为警告）"),
        ("GK913", ERROR_OR_WARNING, "表四：总计 ≠ 维持 + 纠正 + 其他 + 尚未审结（照登时为警告）"),
        ("GK914", INFO, "最可能填错的单元格和能使各式成立的数"),
        ("GK915", WARNING, "上年结转与上一年度报告的结转下年度不一致"),
        ("GK916", WARNING, "同一机构同一年度有两篇报告"),
        ("GK917", WARNING, "报告标为照登：勾稽关系问题只作警告"),
        ("GK918", WARNING, "report import：行名与官方写法略有不同，已按最接近的行导入"),
        ("GK920", WARNING, "第二十条第（一）项的数小于本站已公开文件的统计数"),
        ("GK921", INFO, "第二十条第（一）项的数大于本站统计数"),
        ("GK922", ERROR, "年报数据文件是文档源文件，或不在 content/ 之内（绝对路径、..、外部或循环链接、特殊文件）"),
    ),
])
CODES: dict[str, RuleCode] = {entry.code: entry for entry in REGISTRY}


def markdown_table() -> str:
    """The table of every code in docs/checks.md (tests/test_rule_codes.py keeps the two equal)."""
    rows = ["| 编号 | 阶段 | 严重程度 | 说明 |", "|---|---|---|---|"]
    rows += [f"| {e.code} | {STAGES[e.stage]} | {e.severity_text} | {e.summary} |" for e in REGISTRY]
    return "\n".join(rows) + "\n"
