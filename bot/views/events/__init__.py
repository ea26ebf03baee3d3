"""Program events' Block Kit: the form and its small modals (`forms`), what is posted and DMed
(`messages`), and their ids (`ids`)."""
