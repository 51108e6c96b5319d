/* libyaml's event stream as small Python objects: what PyYAML's C parser gives, for less.
 *
 * PyYAML's CParser builds every event as an instance of a Python class (yaml.events) with two
 * Mark objects made through Python calls; at 10,000 events that costs about three times what
 * libyaml takes to parse the file. This module reads the same libyaml events and gives each as
 * an object of a C type with the same attributes (anchor, tag, implicit, value, style,
 * flow_style, start_mark, end_mark...), its marks made only when asked for. Parse errors are
 * PyYAML's own exceptions (ScannerError, ParserError, ReaderError) with the same fields.
 *
 * It also reads a flat mapping (an event of the events list, nearly always) in one call,
 * `read_fields`: its keys, their lines and its values, without an object per event, so the
 * loader's Python code runs once per field instead of once per event. When the mapping is not
 * flat, `taken` gives back the events read, as objects, for the general reader.
 *
 * analytics/dataset/yaml_items.py uses it when it is built (scripts/build_reader.sh) and
 * PyYAML's CParser otherwise (Builder then reads a mapping's fields from its events);
 * tests/dataset/test_libyaml.py compares the two on every test file.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <yaml.h>

/* ---- Mark: a position in the stream, as yaml._yaml.Mark (no snippet). ---- */

typedef struct {
    PyObject_HEAD
    PyObject *name;
    Py_ssize_t index;
    Py_ssize_t line;
    Py_ssize_t column;
} Mark;

static PyTypeObject *MarkType;

static PyObject *
new_mark(PyObject *name, yaml_mark_t mark)
{
    Mark *self = PyObject_New(Mark, MarkType);
    if (self == NULL)
        return NULL;
    Py_INCREF(name);
    self->name = name;
    self->index = (Py_ssize_t)mark.index;
    self->line = (Py_ssize_t)mark.line;
    self->column = (Py_ssize_t)mark.column;
    return (PyObject *)self;
}

static void
mark_dealloc(Mark *self)
{
    PyTypeObject *type = Py_TYPE(self);
    Py_XDECREF(self->name);
    PyObject_Free(self);
    Py_DECREF(type);
}

static PyObject *
mark_none(PyObject *self, void *closure)
{
    Py_RETURN_NONE;
}

static PyObject *
mark_get_snippet(PyObject *self, PyObject *args)
{
    Py_RETURN_NONE;
}

static PyObject *
mark_str(Mark *self)
{
    return PyUnicode_FromFormat("  in \"%U\", line %zd, column %zd", self->name, self->line + 1,
                                self->column + 1);
}

static PyMemberDef mark_members[] = {
    {"name", T_OBJECT, offsetof(Mark, name), READONLY, NULL},
    {"index", T_PYSSIZET, offsetof(Mark, index), READONLY, NULL},
    {"line", T_PYSSIZET, offsetof(Mark, line), READONLY, NULL},
    {"column", T_PYSSIZET, offsetof(Mark, column), READONLY, NULL},
    {NULL},
};

static PyGetSetDef mark_getset[] = {
    {"buffer", mark_none, NULL, NULL, NULL},
    {"pointer", mark_none, NULL, NULL, NULL},
    {NULL},
};

static PyMethodDef mark_methods[] = {
    {"get_snippet", mark_get_snippet, METH_NOARGS, NULL},
    {NULL},
};

static PyType_Slot mark_slots[] = {
    {Py_tp_dealloc, mark_dealloc},
    {Py_tp_str, mark_str},
    {Py_tp_members, mark_members},
    {Py_tp_getset, mark_getset},
    {Py_tp_methods, mark_methods},
    {0, NULL},
};

static PyType_Spec mark_spec = {
    "analytics.dataset._libyaml.Mark", sizeof(Mark), 0, Py_TPFLAGS_DEFAULT, mark_slots,
};

/* ---- Events: one C layout, one type per kind (readers compare `event.__class__`). ----
 * Each kind names the slots it has as PyYAML's class of that name does: `a` is anchor (or,
 * for a document start, tags), `b` tag (document start: version), `c` implicit (a scalar's
 * pair; a collection's flag; a document's `explicit`), `d` value (stream start: encoding),
 * `e` style (collections: flow_style). */

typedef struct {
    PyObject_HEAD
    PyObject *name;
    PyObject *a, *b, *c, *d, *e;
    yaml_mark_t start, end;
} Event;

enum {
    STREAM_START, STREAM_END, DOCUMENT_START, DOCUMENT_END, ALIAS, SCALAR,
    SEQUENCE_START, SEQUENCE_END, MAPPING_START, MAPPING_END, KINDS
};

static PyTypeObject *EventTypes[KINDS];
#define QUALIFIED(name) "analytics.dataset._libyaml." name
static const char *const event_names[KINDS] = {
    QUALIFIED("StreamStartEvent"), QUALIFIED("StreamEndEvent"), QUALIFIED("DocumentStartEvent"),
    QUALIFIED("DocumentEndEvent"), QUALIFIED("AliasEvent"), QUALIFIED("ScalarEvent"),
    QUALIFIED("SequenceStartEvent"), QUALIFIED("SequenceEndEvent"),
    QUALIFIED("MappingStartEvent"), QUALIFIED("MappingEndEvent"),
};

static void
event_dealloc(Event *self)
{
    PyTypeObject *type = Py_TYPE(self);
    Py_XDECREF(self->name);
    Py_XDECREF(self->a);
    Py_XDECREF(self->b);
    Py_XDECREF(self->c);
    Py_XDECREF(self->d);
    Py_XDECREF(self->e);
    PyObject_Free(self);
    Py_DECREF(type);
}

static PyObject *
event_start_mark(Event *self, void *closure)
{
    return new_mark(self->name, self->start);
}

static PyObject *
event_end_mark(Event *self, void *closure)
{
    return new_mark(self->name, self->end);
}

static PyObject *
event_repr(Event *self)
{
    PyObject *value = self->d != NULL ? self->d : Py_None;
    return PyUnicode_FromFormat("%s(anchor=%R, tag=%R, value=%R, line=%zd)",
                                Py_TYPE(self)->tp_name, self->a ? self->a : Py_None,
                                self->b ? self->b : Py_None, value, (Py_ssize_t)self->start.line);
}

static PyGetSetDef event_getset[] = {
    {"start_mark", (getter)event_start_mark, NULL, NULL, NULL},
    {"end_mark", (getter)event_end_mark, NULL, NULL, NULL},
    {NULL},
};

#define SLOT(letter) offsetof(Event, letter)
static PyMemberDef scalar_members[] = {
    {"anchor", T_OBJECT, SLOT(a), READONLY, NULL},
    {"tag", T_OBJECT, SLOT(b), READONLY, NULL},
    {"implicit", T_OBJECT, SLOT(c), READONLY, NULL},
    {"value", T_OBJECT, SLOT(d), READONLY, NULL},
    {"style", T_OBJECT, SLOT(e), READONLY, NULL},
    {NULL},
};
static PyMemberDef collection_members[] = {
    {"anchor", T_OBJECT, SLOT(a), READONLY, NULL},
    {"tag", T_OBJECT, SLOT(b), READONLY, NULL},
    {"implicit", T_OBJECT, SLOT(c), READONLY, NULL},
    {"flow_style", T_OBJECT, SLOT(e), READONLY, NULL},
    {NULL},
};
static PyMemberDef alias_members[] = {
    {"anchor", T_OBJECT, SLOT(a), READONLY, NULL},
    {NULL},
};
static PyMemberDef stream_start_members[] = {
    {"encoding", T_OBJECT, SLOT(d), READONLY, NULL},
    {NULL},
};
static PyMemberDef document_start_members[] = {
    {"tags", T_OBJECT, SLOT(a), READONLY, NULL},
    {"version", T_OBJECT, SLOT(b), READONLY, NULL},
    {"explicit", T_OBJECT, SLOT(c), READONLY, NULL},
    {NULL},
};
static PyMemberDef document_end_members[] = {
    {"explicit", T_OBJECT, SLOT(c), READONLY, NULL},
    {NULL},
};
static PyMemberDef no_members[] = {{NULL}};
#undef SLOT

static PyMemberDef *const kind_members[KINDS] = {
    stream_start_members, no_members, document_start_members, document_end_members,
    alias_members, scalar_members, collection_members, no_members, collection_members,
    no_members,
};

/* (plain_implicit, quoted_implicit), shared: indexed by plain * 2 + quoted. */
static PyObject *implicit_pairs[4];
static PyObject *scalar_styles[6]; /* by yaml_scalar_style_t: None, '', "'", '"', '|', '>' */

/* ---- Parser ---- */

typedef struct {
    PyObject_HEAD
    yaml_parser_t parser;
    PyObject *source; /* The bytes libyaml reads (kept alive while it reads them). */
    PyObject *name;
    int unicode_source;
    int initialised; /* yaml_parser_initialize succeeded: the parser is ready and must be freed. */
    int done;
    /* The events read_fields took, kept until the next call so `taken` can give them back. */
    yaml_event_t *taken;
    Py_ssize_t taken_count, taken_size;
} Parser;

static PyObject *ScannerError, *ParserError, *ReaderError;

static PyObject *
text_or_none(const unsigned char *text)
{
    if (text == NULL)
        Py_RETURN_NONE;
    return PyUnicode_FromString((const char *)text);
}

static int
parser_init(Parser *self, PyObject *args, PyObject *kwds)
{
    PyObject *source;
    if (!PyArg_ParseTuple(args, "O:Parser", &source))
        return -1;
    if (self->source != NULL) {
        PyErr_SetString(PyExc_TypeError, "a Parser is initialised once");
        return -1;
    }
    if (PyUnicode_CheckExact(source)) {
        source = PyUnicode_AsUTF8String(source);
        if (source == NULL)
            return -1;
        self->name = PyUnicode_FromString("<unicode string>");
        self->unicode_source = 1;
    }
    else if (PyBytes_CheckExact(source)) {
        Py_INCREF(source);
        self->name = PyUnicode_FromString("<byte string>");
    }
    else {
        PyErr_SetString(PyExc_TypeError, "a string or bytes input is required");
        return -1;
    }
    self->source = source;
    if (self->name == NULL)
        return -1;
    if (!yaml_parser_initialize(&self->parser)) {
        PyErr_NoMemory();
        return -1;
    }
    self->initialised = 1;
    yaml_parser_set_input_string(&self->parser, (const unsigned char *)PyBytes_AS_STRING(source),
                                 (size_t)PyBytes_GET_SIZE(source));
    return 0;
}

static void
clear_taken(Parser *self)
{
    Py_ssize_t index;
    for (index = 0; index < self->taken_count; index++)
        yaml_event_delete(&self->taken[index]);
    self->taken_count = 0;
}

static void
parser_dealloc(Parser *self)
{
    PyTypeObject *type = Py_TYPE(self);
    clear_taken(self);
    PyMem_Free(self->taken);
    if (self->initialised)
        yaml_parser_delete(&self->parser);
    Py_XDECREF(self->source);
    Py_XDECREF(self->name);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

static PyObject *
marked_error(Parser *self, PyObject *kind)
{
    yaml_parser_t *parser = &self->parser;
    PyObject *context = NULL, *context_mark = NULL, *problem = NULL, *problem_mark = NULL;
    PyObject *error = NULL;
    if (parser->context != NULL) {
        context = PyUnicode_FromString(parser->context);
        context_mark = new_mark(self->name, parser->context_mark);
    }
    else {
        context = Py_NewRef(Py_None);
        context_mark = Py_NewRef(Py_None);
    }
    if (parser->problem != NULL) {
        problem = PyUnicode_FromString(parser->problem);
        problem_mark = new_mark(self->name, parser->problem_mark);
    }
    else {
        problem = Py_NewRef(Py_None);
        problem_mark = Py_NewRef(Py_None);
    }
    if (context != NULL && context_mark != NULL && problem != NULL && problem_mark != NULL)
        error = PyObject_CallFunctionObjArgs(kind, context, context_mark, problem, problem_mark,
                                             NULL);
    Py_XDECREF(context);
    Py_XDECREF(context_mark);
    Py_XDECREF(problem);
    Py_XDECREF(problem_mark);
    return error;
}

static PyObject *
raise_parser_error(Parser *self)
{
    yaml_parser_t *parser = &self->parser;
    PyObject *error = NULL;
    switch (parser->error) {
    case YAML_MEMORY_ERROR:
        return PyErr_NoMemory();
    case YAML_READER_ERROR:
        error = PyObject_CallFunction(ReaderError, "OnisN", self->name,
                                      (Py_ssize_t)parser->problem_offset, parser->problem_value,
                                      "?", text_or_none((const unsigned char *)parser->problem));
        break;
    case YAML_SCANNER_ERROR:
        error = marked_error(self, ScannerError);
        break;
    case YAML_PARSER_ERROR:
        error = marked_error(self, ParserError);
        break;
    default:
        PyErr_SetString(PyExc_ValueError, "no parser error");
        return NULL;
    }
    if (error != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(error), error);
        Py_DECREF(error);
    }
    return NULL;
}

static Event *
new_event(Parser *self, int kind, yaml_event_t *event)
{
    Event *object = PyObject_New(Event, EventTypes[kind]);
    if (object == NULL)
        return NULL;
    Py_INCREF(self->name);
    object->name = self->name;
    object->a = object->b = object->c = object->d = object->e = NULL;
    object->start = event->start_mark;
    object->end = event->end_mark;
    return object;
}

/* A scalar's text, as PyYAML decodes it. */
static PyObject *
scalar_text(const yaml_event_t *event)
{
    return PyUnicode_DecodeUTF8((const char *)event->data.scalar.value,
                                (Py_ssize_t)event->data.scalar.length, "strict");
}

static PyObject *
to_object(Parser *self, yaml_event_t *event)
{
    Event *object;
    switch (event->type) {
    case YAML_NO_EVENT:
        Py_RETURN_NONE;
    case YAML_SCALAR_EVENT:
        object = new_event(self, SCALAR, event);
        if (object == NULL)
            return NULL;
        object->a = text_or_none(event->data.scalar.anchor);
        object->b = text_or_none(event->data.scalar.tag);
        object->c = Py_NewRef(implicit_pairs[(event->data.scalar.plain_implicit == 1) * 2 +
                                             (event->data.scalar.quoted_implicit == 1)]);
        object->d = scalar_text(event);
        object->e = Py_NewRef(scalar_styles[event->data.scalar.style <= 5
                                                ? event->data.scalar.style
                                                : 0]);
        break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        int sequence = event->type == YAML_SEQUENCE_START_EVENT;
        object = new_event(self, sequence ? SEQUENCE_START : MAPPING_START, event);
        if (object == NULL)
            return NULL;
        if (sequence) {
            object->a = text_or_none(event->data.sequence_start.anchor);
            object->b = text_or_none(event->data.sequence_start.tag);
            object->c = PyBool_FromLong(event->data.sequence_start.implicit == 1);
            object->e = event->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                            ? Py_NewRef(Py_True)
                        : event->data.sequence_start.style == YAML_BLOCK_SEQUENCE_STYLE
                            ? Py_NewRef(Py_False)
                            : Py_NewRef(Py_None);
        }
        else {
            object->a = text_or_none(event->data.mapping_start.anchor);
            object->b = text_or_none(event->data.mapping_start.tag);
            object->c = PyBool_FromLong(event->data.mapping_start.implicit == 1);
            object->e = event->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                            ? Py_NewRef(Py_True)
                        : event->data.mapping_start.style == YAML_BLOCK_MAPPING_STYLE
                            ? Py_NewRef(Py_False)
                            : Py_NewRef(Py_None);
        }
        break;
    }
    case YAML_SEQUENCE_END_EVENT:
        object = new_event(self, SEQUENCE_END, event);
        break;
    case YAML_MAPPING_END_EVENT:
        object = new_event(self, MAPPING_END, event);
        break;
    case YAML_ALIAS_EVENT:
        object = new_event(self, ALIAS, event);
        if (object != NULL)
            object->a = text_or_none(event->data.alias.anchor);
        break;
    case YAML_STREAM_START_EVENT:
        object = new_event(self, STREAM_START, event);
        if (object == NULL)
            return NULL;
        switch (event->data.stream_start.encoding) {
        case YAML_UTF8_ENCODING:
            object->d = self->unicode_source ? Py_NewRef(Py_None)
                                             : PyUnicode_FromString("utf-8");
            break;
        case YAML_UTF16LE_ENCODING:
            object->d = PyUnicode_FromString("utf-16-le");
            break;
        case YAML_UTF16BE_ENCODING:
            object->d = PyUnicode_FromString("utf-16-be");
            break;
        default:
            object->d = Py_NewRef(Py_None);
        }
        break;
    case YAML_STREAM_END_EVENT:
        object = new_event(self, STREAM_END, event);
        break;
    case YAML_DOCUMENT_START_EVENT: {
        yaml_tag_directive_t *directive;
        object = new_event(self, DOCUMENT_START, event);
        if (object == NULL)
            return NULL;
        object->c = PyBool_FromLong(event->data.document_start.implicit == 0);
        if (event->data.document_start.version_directive != NULL)
            object->b = Py_BuildValue("(ii)", event->data.document_start.version_directive->major,
                                      event->data.document_start.version_directive->minor);
        else
            object->b = Py_NewRef(Py_None);
        if (event->data.document_start.tag_directives.start != NULL) {
            object->a = PyDict_New();
            for (directive = event->data.document_start.tag_directives.start;
                 object->a != NULL && directive != event->data.document_start.tag_directives.end;
                 directive++) {
                PyObject *handle = text_or_none(directive->handle);
                PyObject *prefix = text_or_none(directive->prefix);
                if (handle == NULL || prefix == NULL ||
                    PyDict_SetItem(object->a, handle, prefix) < 0)
                    Py_CLEAR(object->a);
                Py_XDECREF(handle);
                Py_XDECREF(prefix);
            }
            if (object->a == NULL) {
                Py_DECREF(object);
                return NULL;
            }
        }
        else
            object->a = Py_NewRef(Py_None);
        break;
    }
    case YAML_DOCUMENT_END_EVENT:
        object = new_event(self, DOCUMENT_END, event);
        if (object != NULL)
            object->c = PyBool_FromLong(event->data.document_end.implicit == 0);
        break;
    default:
        PyErr_SetString(PyExc_ValueError, "unknown event type");
        return NULL;
    }
    if (object == NULL)
        return NULL;
    if (PyErr_Occurred()) { /* A value that could not be made (memory, bad UTF-8). */
        Py_DECREF(object);
        return NULL;
    }
    return (PyObject *)object;
}

static PyObject *
parser_get_event(Parser *self, PyObject *unused)
{
    yaml_event_t event;
    PyObject *object;
    if (!self->initialised) {
        PyErr_SetString(PyExc_ValueError, "the parser was not initialised");
        return NULL;
    }
    if (self->done)
        Py_RETURN_NONE;
    if (!yaml_parser_parse(&self->parser, &event))
        return raise_parser_error(self);
    if (event.type == YAML_NO_EVENT)
        self->done = 1;
    object = to_object(self, &event);
    yaml_event_delete(&event);
    return object;
}

/* ---- A mapping's fields in one call (analytics/dataset/plain_event.py reads them). ---- */

/* The next event, kept in the taken buffer; NULL (an exception set) on a parse error. */
static yaml_event_t *
take_event(Parser *self)
{
    yaml_event_t *event;
    if (self->taken_count == self->taken_size) {
        Py_ssize_t size = self->taken_size ? self->taken_size * 2 : 64;
        yaml_event_t *grown = PyMem_Realloc(self->taken, (size_t)size * sizeof(yaml_event_t));
        if (grown == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        self->taken = grown;
        self->taken_size = size;
    }
    event = &self->taken[self->taken_count];
    if (!yaml_parser_parse(&self->parser, event)) {
        raise_parser_error(self);
        return NULL;
    }
    self->taken_count++;
    if (event->type == YAML_NO_EVENT)
        self->done = 1;
    return event;
}

/* A scalar without anchor or tag. */
static int
untagged_scalar(const yaml_event_t *event)
{
    return event->type == YAML_SCALAR_EVENT && event->data.scalar.anchor == NULL &&
           event->data.scalar.tag == NULL;
}

static PyObject *
plain_flag(const yaml_event_t *event)
{
    return Py_NewRef(event->data.scalar.plain_implicit == 1 ? Py_True : Py_False);
}

/* The items of a list whose start was taken, and their plain flags; 0 when an item is not an
 * untagged scalar, -1 on an error. */
static int
take_list(Parser *self, PyObject **items, PyObject **plains)
{
    yaml_event_t *event;
    PyObject *text;
    *items = PyList_New(0);
    *plains = PyList_New(0);
    if (*items == NULL || *plains == NULL)
        return -1;
    for (;;) {
        event = take_event(self);
        if (event == NULL)
            return -1;
        if (event->type == YAML_SEQUENCE_END_EVENT)
            return 1;
        if (!untagged_scalar(event))
            return 0;
        text = scalar_text(event);
        if (text == NULL || PyList_Append(*items, text) < 0 ||
            PyList_Append(*plains, event->data.scalar.plain_implicit == 1 ? Py_True : Py_False) <
                0) {
            Py_XDECREF(text);
            return -1;
        }
        Py_DECREF(text);
    }
}

static PyObject *
parser_read_fields(Parser *self, PyObject *unused)
{
    PyObject *fields, *field, *key = NULL, *value = NULL, *plain = NULL;
    yaml_event_t *event;
    Py_ssize_t key_line;
    int read;
    if (!self->initialised) {
        PyErr_SetString(PyExc_ValueError, "the parser was not initialised");
        return NULL;
    }
    clear_taken(self);
    if (self->done)
        Py_RETURN_NONE;
    fields = PyList_New(0);
    if (fields == NULL)
        return NULL;
    for (;;) {
        event = take_event(self);
        if (event == NULL)
            goto error;
        if (event->type == YAML_MAPPING_END_EVENT)
            break;
        if (!untagged_scalar(event))
            goto not_flat;
        key = scalar_text(event);
        if (key == NULL)
            goto error;
        key_line = (Py_ssize_t)event->start_mark.line;
        event = take_event(self);
        if (event == NULL)
            goto error;
        if (untagged_scalar(event)) {
            value = scalar_text(event);
            plain = plain_flag(event);
            if (value == NULL)
                goto error;
        }
        else if (event->type == YAML_SEQUENCE_START_EVENT &&
                 event->data.sequence_start.anchor == NULL &&
                 event->data.sequence_start.tag == NULL) {
            read = take_list(self, &value, &plain);
            if (read < 0)
                goto error;
            if (read == 0)
                goto not_flat;
        }
        else
            goto not_flat;
        field = PyTuple_New(4);
        if (field == NULL)
            goto error;
        PyTuple_SET_ITEM(field, 0, key);
        PyTuple_SET_ITEM(field, 1, PyLong_FromSsize_t(key_line));
        PyTuple_SET_ITEM(field, 2, value);
        PyTuple_SET_ITEM(field, 3, plain);
        key = value = plain = NULL;
        if (PyTuple_GET_ITEM(field, 1) == NULL || PyList_Append(fields, field) < 0) {
            Py_DECREF(field);
            goto error;
        }
        Py_DECREF(field);
    }
    return Py_BuildValue("(Nnn)", fields, (Py_ssize_t)event->end_mark.line,
                         (Py_ssize_t)event->end_mark.column);
not_flat:
    Py_XDECREF(key);
    Py_XDECREF(value);
    Py_XDECREF(plain);
    Py_DECREF(fields);
    Py_RETURN_NONE;
error:
    Py_XDECREF(key);
    Py_XDECREF(value);
    Py_XDECREF(plain);
    Py_DECREF(fields);
    return NULL;
}

static PyObject *
parser_taken(Parser *self, PyObject *unused)
{
    PyObject *events = PyList_New(self->taken_count), *object;
    Py_ssize_t index;
    if (events == NULL)
        return NULL;
    for (index = 0; index < self->taken_count; index++) {
        object = to_object(self, &self->taken[index]);
        if (object == NULL) {
            Py_DECREF(events);
            clear_taken(self);
            return NULL;
        }
        PyList_SET_ITEM(events, index, object);
    }
    clear_taken(self);
    return events;
}

static PyObject *
parser_dispose(Parser *self, PyObject *unused)
{
    Py_RETURN_NONE;
}

static PyMethodDef parser_methods[] = {
    {"get_event", (PyCFunction)parser_get_event, METH_NOARGS,
     "The next event, or None after the stream's end."},
    {"read_fields", (PyCFunction)parser_read_fields, METH_NOARGS,
     "After a mapping's start: its fields as [(key, key line, value, plain)...], its end line "
     "and end column, when every key is an untagged scalar and every value one or a list of "
     "them (value: a list of texts, plain: a list of flags); else None."},
    {"taken", (PyCFunction)parser_taken, METH_NOARGS,
     "The events the last read_fields took, as events (to read them again)."},
    {"dispose", (PyCFunction)parser_dispose, METH_NOARGS, "Nothing to release (as CParser)."},
    {NULL},
};

static PyType_Slot parser_slots[] = {
    {Py_tp_init, parser_init},
    {Py_tp_new, PyType_GenericNew},
    {Py_tp_dealloc, parser_dealloc},
    {Py_tp_methods, parser_methods},
    {Py_tp_doc, "Parser(source: str | bytes): libyaml's events of one YAML stream."},
    {0, NULL},
};

static PyType_Spec parser_spec = {
    "analytics.dataset._libyaml.Parser", sizeof(Parser), 0, Py_TPFLAGS_DEFAULT, parser_slots,
};

/* ---- Module ---- */

static PyObject *
import_name(const char *module, const char *name)
{
    PyObject *imported = PyImport_ImportModule(module);
    PyObject *value;
    if (imported == NULL)
        return NULL;
    value = PyObject_GetAttrString(imported, name);
    Py_DECREF(imported);
    return value;
}

static int
module_exec(PyObject *module)
{
    static const char *const styles[6] = {NULL, "", "'", "\"", "|", ">"};
    int kind;
    ScannerError = import_name("yaml.scanner", "ScannerError");
    ParserError = import_name("yaml.parser", "ParserError");
    ReaderError = import_name("yaml.reader", "ReaderError");
    if (ScannerError == NULL || ParserError == NULL || ReaderError == NULL)
        return -1;
    for (kind = 0; kind < 4; kind++) {
        implicit_pairs[kind] = Py_BuildValue("(OO)", kind & 2 ? Py_True : Py_False,
                                             kind & 1 ? Py_True : Py_False);
        if (implicit_pairs[kind] == NULL)
            return -1;
    }
    for (kind = 0; kind < 6; kind++) {
        scalar_styles[kind] = styles[kind] ? PyUnicode_InternFromString(styles[kind])
                                           : Py_NewRef(Py_None);
        if (scalar_styles[kind] == NULL)
            return -1;
    }
    MarkType = (PyTypeObject *)PyType_FromSpec(&mark_spec);
    if (MarkType == NULL || PyModule_AddObjectRef(module, "Mark", (PyObject *)MarkType) < 0)
        return -1;
    for (kind = 0; kind < KINDS; kind++) {
        PyType_Slot slots[] = {
            {Py_tp_dealloc, event_dealloc},
            {Py_tp_repr, event_repr},
            {Py_tp_getset, event_getset},
            {Py_tp_members, kind_members[kind]},
            {0, NULL},
        };
        PyType_Spec spec = {event_names[kind], sizeof(Event), 0, Py_TPFLAGS_DEFAULT, slots};
        EventTypes[kind] = (PyTypeObject *)PyType_FromSpec(&spec);
        if (EventTypes[kind] == NULL ||
            PyModule_AddObjectRef(module, strrchr(event_names[kind], '.') + 1,
                                  (PyObject *)EventTypes[kind]) < 0)
            return -1;
    }
    PyObject *parser_type = PyType_FromSpec(&parser_spec);
    if (parser_type == NULL || PyModule_AddObject(module, "Parser", parser_type) < 0) {
        Py_XDECREF(parser_type);
        return -1;
    }
    return PyModule_AddStringConstant(module, "LIBYAML_VERSION", yaml_get_version_string());
}

static PyModuleDef_Slot module_slots[] = {
    {Py_mod_exec, module_exec},
    {0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "analytics.dataset._libyaml",
    "libyaml's event stream as small Python objects (see the source's first comment).", 0,
    NULL, module_slots,
};

PyMODINIT_FUNC
PyInit__libyaml(void)
{
    return PyModuleDef_Init(&module_def);
}
