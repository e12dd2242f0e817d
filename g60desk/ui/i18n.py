"""Chinese everywhere, including ttkbootstrap's own dialogs.

ttkbootstrap's zh_cn catalogue says 取消 for "No", 添加 for "Apply" and 确定 for
"Yes" (so a yes/no question shows 取消/确认), and leaves the themed file dialog,
the calendar and the font dialog half English. These entries replace them.
"""

from __future__ import annotations

from ttkbootstrap.localization import MessageCatalog

LOCALE = "zh_cn"

OVERRIDES: tuple[tuple[str, str], ...] = (
    ("Yes", "是"), ("yes", "是"), ("&Yes", "&是"),
    ("No", "否"), ("no", "否"), ("&No", "&否"),
    ("Apply", "应用"), ("&Apply", "&应用"),
    ("OK", "确定"), ("Ok", "确定"), ("ok", "确定"), ("&OK", "&确定"),
    ("Cancel", "取消"), ("cancel", "取消"), ("&Cancel", "&取消"),
    ("Retry", "重试"), ("Close", "关闭"), ("Open", "打开"), ("Save", "保存"),
    ("Save As", "另存为"), ("Submit", "确定"), ("Delete", "删除"), ("Add", "添加"),
    ("Remove", "移除"), ("Next", "下一个"), ("Previous", "上一个"), ("Prev", "上一个"),
    ("Search", "搜索"), ("Filter", "筛选"), ("Preview", "预览"),
    # themed file dialog
    ("Directory:", "文件夹:"), ("Name", "名称"), ("Size", "大小"), ("Modified", "修改时间"),
    ("Selection:", "已选:"), ("File name:", "文件名:"), ("Files of type:", "文件类型:"),
    ("Show hidden files", "显示隐藏文件"), ("All Files", "所有文件"),
    ("File already exists. Overwrite?", "文件已存在,要覆盖吗?"),
    ("Select Directory", "选择文件夹"),
    # calendar
    ("January", "一月"), ("February", "二月"), ("March", "三月"), ("April", "四月"),
    ("May", "五月"), ("June", "六月"), ("July", "七月"), ("August", "八月"),
    ("September", "九月"), ("October", "十月"), ("November", "十一月"), ("December", "十二月"),
    ("Mo", "一"), ("Tu", "二"), ("We", "三"), ("Th", "四"), ("Fr", "五"), ("Sa", "六"),
    ("Su", "日"),
    # font dialog
    ("Family", "字体"), ("Weight", "粗细"), ("Slant", "倾斜"), ("Effects", "效果"),
    ("Regular", "常规"), ("normal", "常规"), ("bold", "粗体"), ("italic", "斜体"),
    ("roman", "正常"), ("underline", "下划线"), ("overstrike", "删除线"),
    ("The quick brown fox jumps over the lazy dog.", "财政项目支出绩效目标申报表 0123456789"),
    # print dialog words
    ("Print", "打印"), ("Copies", "份数"), ("Paper", "纸张"), ("Scale", "缩放"),
)


def install_chinese() -> None:
    """Switch the message catalogue to zh_cn and apply the corrections (needs the root)."""
    MessageCatalog.locale(LOCALE)
    flat: list[str] = []
    for src, dst in OVERRIDES:
        flat.extend((src, dst))
    MessageCatalog.set_many(LOCALE, *flat)


def tr(src: str) -> str:
    return str(MessageCatalog.translate(src))
