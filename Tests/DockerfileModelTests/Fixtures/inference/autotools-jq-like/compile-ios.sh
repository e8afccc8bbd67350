#!/bin/sh
echo ios
