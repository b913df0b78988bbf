#!/bin/sh
placeholder
