"""The kit's explorers: controls that let a student explore a table, each with a chart or a result.

:mod:`geopolitics.explorers.panel` holds what every explorer is built on (:class:`~.panel.View`,
:class:`~.panel.Panel`, :class:`~.panel.Explorer`, :class:`~.panel.Form`) and the chart helpers
they share; ``geopolitics.explorers.lessonNN`` holds lesson NN's explorers (a catalogued
lesson's :attr:`~geopolitics.catalogue.Lesson.explorers_module`). A lecture imports the ones
it shows, for example ``from geopolitics.explorers.lesson00 import event_explorer``.

This file imports nothing on purpose: a lesson module imports only the panel core, never this
package's other modules, so there is no import circle and a lecture loads only its own lesson.
"""
