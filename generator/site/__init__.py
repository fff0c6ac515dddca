"""The docs tree in memory: ``compose`` makes every page and export from typed build data,
``render`` turns reports into Markdown, ``urls`` builds links, ``exports`` the data files,
``chips`` and ``taxonomy_pages`` the cross-links, ``redirects`` what old links need."""
