"""G60Desk: fill in, check and print 财政项目支出绩效目标申报表 offline."""

__version__ = "0.2.0"
